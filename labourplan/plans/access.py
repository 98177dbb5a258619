"""One helper per object type: fetch it for a user, or refuse (404 outside the province, 403 otherwise)."""

from labourplan.accounts.permissions import Action, get_for_user
from labourplan.plans.models import Allocation, Meeting, Plan, PlanItem, PlanTopic, PlanVersion


def get_plan_for_user(user, pk, *, action: Action = Action.VIEW) -> Plan:
    queryset = Plan.objects.select_related("province__region", "fiscal_year__framework", "current_version")
    return get_for_user(user, queryset, action=action, pk=pk)


def get_version_for_user(user, pk, *, action: Action = Action.VIEW) -> PlanVersion:
    queryset = PlanVersion.objects.select_related("plan__province", "plan__fiscal_year")
    return get_for_user(user, queryset, action=action, province_field="plan__province", pk=pk)


def get_topic_for_user(user, pk, *, action: Action = Action.EDIT) -> PlanTopic:
    queryset = PlanTopic.objects.select_related("version__plan__province", "strategy")
    return get_for_user(user, queryset, action=action, province_field="version__plan__province", pk=pk)


def get_item_for_user(user, pk, *, action: Action = Action.EDIT) -> PlanItem:
    queryset = PlanItem.objects.select_related("topic__version__plan__fiscal_year")
    return get_for_user(user, queryset, action=action, province_field="topic__version__plan__province", pk=pk)


def get_allocation_for_user(user, pk, *, action: Action = Action.EDIT) -> Allocation:
    return get_for_user(
        user, Allocation.objects.select_related("plan"), action=action, province_field="plan__province", pk=pk
    )


def get_meeting_for_user(user, pk, *, action: Action = Action.VIEW) -> Meeting:
    return get_for_user(
        user, Meeting.objects.select_related("plan"), action=action, province_field="plan__province", pk=pk
    )
