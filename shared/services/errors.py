"""Errors services raise for the web layer to turn into clear messages."""


class ServiceError(Exception):
    """A rule refused the action; the message is fit to show to the person."""


class Conflict(ServiceError):
    """The record changed since the person loaded it (optimistic locking)."""


class NotAllowed(ServiceError):
    """The lifecycle does not allow this step from the case's current state."""
