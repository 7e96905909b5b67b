"""Back-office routes, one module per area of work."""
