"""Domain errors raised by services and turned into form errors or messages by views."""


class DomainError(Exception):
    """A user intention that the rules refuse; the message is shown to the user."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(DomainError):
    """The acting user may not do this."""
