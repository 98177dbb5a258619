"""The two ways a service refuses an operation, shared by every app so that pages and the API
(labourplan.lib.api) answer them alike. Apps subclass them (PlanError, ReportError, …)."""


class ServiceError(Exception):
    """A business rule is broken. `message` is for people (Thai), `errors` maps a field (or
    "__all__") to messages, `code` is for programs ("rule" unless a subclass says better)."""

    code = "rule"

    def __init__(self, message: str, *, errors: dict[str, str] | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {"__all__": message}
        if code:
            self.code = code


class Conflict(Exception):
    """Someone saved the same record first. `current` is the record as they left it."""

    code = "conflict"

    def __init__(self, current):
        super().__init__("conflict")
        self.current = current
