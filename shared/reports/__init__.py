"""Documents the service produces on request (not decision notices): chronology exports."""
