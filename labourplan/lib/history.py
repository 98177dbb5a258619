"""Who made a change, for django-simple-history, when it is made outside a request."""


def stamp(obj, by):
    """Name `by` as the author of `obj`'s next history record (simple_history's hook)."""
    obj._history_user = by
