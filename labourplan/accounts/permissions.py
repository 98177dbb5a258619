"""Who may do what, in one place. Every view (and, later, every API endpoint) asks here.

Provinces are public knowledge, so refusing a province answers 403. Objects that belong to a
province (plans, reports, …) answer 404 to people outside it, so that their existence leaks
nothing: use `get_for_user`.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from labourplan.accounts.models import Role
from labourplan.reference.models import Province


class Action(StrEnum):
    VIEW = "view"  # read a province's data
    EDIT = "edit"  # draft plans and reports
    SUBMIT = "submit"  # submit, record the governor's approval
    REVIEW = "review"  # accept or return a submission, freeze, override (centre)
    ADMINISTER = "administer"  # reference data, users (centre)


_PROVINCIAL_ACTIONS = {
    Role.PROVINCIAL_EDITOR: {Action.VIEW, Action.EDIT},
    Role.PROVINCIAL_APPROVER: {Action.VIEW, Action.EDIT, Action.SUBMIT},
}
_CENTRAL_ACTIONS = {
    Role.CENTRAL_ADMIN: {Action.VIEW, Action.REVIEW, Action.ADMINISTER},
    Role.CENTRAL_VIEWER: {Action.VIEW},
}


def has_permission(user, action: Action, province: Province | int | None = None) -> bool:
    """May `user` do `action`, on `province`'s data when one is given (a Province or its pk)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_central:
        return action in _CENTRAL_ACTIONS[user.role]
    if province is None:
        return False
    province_id = province.pk if isinstance(province, Province) else province
    return user.province_id == province_id and action in _PROVINCIAL_ACTIONS[user.role]


def require(user, action: Action, province: Province | int | None = None) -> None:
    if not has_permission(user, action, province):
        raise PermissionDenied


def visible_provinces(user) -> QuerySet[Province]:
    if has_permission(user, Action.VIEW):
        return Province.objects.all()
    if user.is_authenticated and user.is_provincial:
        return Province.objects.filter(pk=user.province_id)
    return Province.objects.none()


def get_province_for_user(user, code: str, *, action: Action = Action.VIEW) -> Province:
    province = get_object_or_404(Province.objects.select_related("region"), code=code)
    require(user, action, province)
    return province


def scope_to_user(user, queryset: QuerySet, province_field: str = "province") -> QuerySet:
    """Narrow a queryset of province-owned objects to what `user` may see."""
    if has_permission(user, Action.VIEW):
        return queryset
    if user.is_authenticated and user.is_provincial:
        return queryset.filter(**{f"{province_field}_id": user.province_id})
    return queryset.none()


def province_id_of(obj, province_field: str = "province") -> int:
    """Follow a lookup path such as "topic__version__plan__province" to the province's id."""
    *path, last = province_field.split("__")
    for name in path:
        obj = getattr(obj, name)
    return getattr(obj, f"{last}_id")


def get_for_user(user, queryset: QuerySet, *, action: Action = Action.VIEW, province_field="province", **lookup):
    """Fetch one province-owned object: 404 outside the user's scope, 403 when seen but not allowed.

    Select the `province_field` path in `queryset` to keep this to one query.
    """
    obj = scope_to_user(user, queryset, province_field).filter(**lookup).first()
    if obj is None:
        raise Http404
    require(user, action, province_id_of(obj, province_field))
    return obj
