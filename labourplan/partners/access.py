"""Who sees the partner-network register: the province's own users and the centre, nobody else.

The register holds personal data (PDPA), so even the fact that a province keeps one is not shown
to other provinces: they get 404, never 403, for its pages, its partners and its API.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404

from labourplan.accounts.permissions import Action, get_for_user, has_permission, scope_to_user
from labourplan.partners.models import Partner
from labourplan.reference.models import Province


def get_register_province(user, code: str, *, action: Action = Action.VIEW, with_total: bool = False) -> Province:
    """The province whose register `user` opens: 404 for outsiders, 403 for a role that may only read.
    `with_total` counts its partners in the same query (`partner_total`)."""
    provinces = Province.objects.annotate(partner_total=Count("partners")) if with_total else Province.objects
    province = get_object_or_404(provinces, code=code)
    if not has_permission(user, Action.VIEW, province):
        raise Http404
    if action != Action.VIEW and not has_permission(user, action, province):
        raise PermissionDenied
    return province


def partners_for_user(user):
    return scope_to_user(user, Partner.objects.select_related("province"))


def get_partner_for_user(user, pk, *, action: Action = Action.VIEW) -> Partner:
    return get_for_user(user, Partner.objects.select_related("province"), action=action, pk=pk)
