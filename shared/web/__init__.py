"""Web plumbing shared by both front doors: access rules, security headers, sessions, pages."""
