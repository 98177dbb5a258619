"""Drill-down addresses into the evaluation pages."""

from django.urls import NoReverseMatch, reverse


def evaluation_url(name: str, **kwargs) -> str | None:
    """The address of an evaluation page, or None where the evaluation pages are not installed."""
    try:
        return reverse(f"evaluation:{name}", kwargs=kwargs)
    except NoReverseMatch:
        return None
