"""The core both front doors stand on: models, data access, rules, services, jobs and notices.

Nothing in here may import `portal` or `backoffice` (import-linter enforces it).
"""
