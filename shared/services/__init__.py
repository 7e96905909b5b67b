"""One function per action. Each changes state through the lifecycle rules, writes a chronology
event, and leaves committing to the request (or job) that called it."""
