"""Accounts, passwords, sign-in throttling, email verification and staff second factors."""
