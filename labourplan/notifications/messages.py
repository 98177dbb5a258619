"""What each event tells people: one function per message, Thai whatever language the caller
runs in (a reviewer reading English must not send English to a province). Each records the
notifications in the caller's transaction (`services.notify`); delivery happens after commit.

The producers pass what the message needs (a title, a link): this app imports no other app but
accounts, so that every app can tell people things without a cycle.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labourplan.lib.thaidate import format_date
from labourplan.notifications.services import tell_province

REVIEW_SUBJECTS = {
    "returned": gettext_lazy("%(title)s was returned for correction"),
    "accepted": gettext_lazy("%(title)s was accepted"),
    "reopened": gettext_lazy("%(title)s was reopened for correction"),
}
PLAN_SUBJECTS = {
    "submitted": gettext_lazy("%(title)s was sent to the governor"),
    "approved": gettext_lazy("%(title)s was approved by the governor"),
    "amended": gettext_lazy("An amendment of %(title)s was started"),
}


def reviewed(*, province, kind: str, action: str, title: str, comment: str, by, path: str) -> None:
    """A report or Form 3 returned (with the comment), accepted, or reopened (with the reason)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = REVIEW_SUBJECTS[action] % {"title": title}
        lines = []
        if comment:
            label = _("Reason") if action == "reopened" else _("Comment")
            lines.append(f"{label}: {comment}")
        lines.append(_("By %(name)s, Labour Anti-Trafficking Command Center") % {"name": by.get_full_name() or by})
        tell_province(province=province, kind=f"{kind}_{action}", subject=subject, body="\n".join(lines), path=path)


def plan_changed(*, province, action: str, title: str, by, path: str, on=None, reason: str = "") -> None:
    """A plan sent to the governor or approved (on a date), or amended (with the reason); the
    officers of the province but the one who did it are told."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = PLAN_SUBJECTS[action] % {"title": title}
        lines = []
        if on is not None:
            lines.append(_("Date: %(date)s") % {"date": format_date(on, abbr=False)})
        if reason:
            lines.append(_("Reason: %(reason)s") % {"reason": reason})
        lines.append(_("Recorded by %(name)s") % {"name": by.get_full_name() or by})
        tell_province(
            province=province, kind=f"plan_{action}", subject=subject, body="\n".join(lines), path=path, besides=by
        )
