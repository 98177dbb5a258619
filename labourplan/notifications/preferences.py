"""Who receives on which channel: each person's choices on their profile page, over their role's
defaults. "app" is the in-app list: switched off, a notification is still listed but is not
counted as unread; the other names are those of the channel registry (channels.py)."""

from django.db import transaction

from labourplan.accounts.models import Role
from labourplan.notifications import channels
from labourplan.notifications.models import ChannelChoice

APP = "app"
# The provinces act on what they are told wherever they are; the centre's administrators read the
# daily digest at their desk (LINE is theirs to switch on); viewers are told nothing by default.
DEFAULTS: dict[str, frozenset[str]] = {
    Role.PROVINCIAL_EDITOR: frozenset({APP, "email", "line"}),
    Role.PROVINCIAL_APPROVER: frozenset({APP, "email", "line"}),
    Role.CENTRAL_ADMIN: frozenset({APP, "email"}),
    Role.CENTRAL_VIEWER: frozenset({APP}),
}


def names() -> list[str]:
    return [APP, *channels.REGISTRY]


def chosen(people) -> dict[int, set[str]]:
    """The channels each person chose (or their role's default), in one query."""
    people = list(people)
    found = {person.pk: set(DEFAULTS.get(person.role, {APP})) for person in people}
    for user_id, channel, enabled in ChannelChoice.objects.filter(user__in=[p.pk for p in people]).values_list(
        "user_id", "channel", "enabled"
    ):
        (found[user_id].add if enabled else found[user_id].discard)(channel)
    return found


@transaction.atomic
def choose(*, user, enabled: set[str]) -> None:
    """Record `user`'s choice for every channel (an unknown name is ignored)."""
    for name in names():
        ChannelChoice.objects.update_or_create(user=user, channel=name, defaults={"enabled": name in enabled})
