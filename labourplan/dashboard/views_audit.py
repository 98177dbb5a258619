"""The audit trail page (the centre reads who did what); the trail itself is the audit app's."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from labourplan.accounts.permissions import Action, require
from labourplan.audit.trail import EVENTS, TrailFilters, object_type_choices, page_of_entries
from labourplan.lib.forms import ThaiDateField
from labourplan.reference.models import Province


class TrailFilterForm(forms.Form):
    province = forms.ModelChoiceField(
        Province.objects.order_by("name_th"), required=False, label=_("Province"), to_field_name="code"
    )
    user = forms.ModelChoiceField(
        get_user_model().objects.order_by("username"), required=False, label=_("User"), to_field_name="username"
    )
    object_type = forms.ChoiceField(required=False, label=_("Kind of entry"))
    date_from = ThaiDateField(required=False, label=_("From"))
    date_to = ThaiDateField(required=False, label=_("To"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [
            ("", _("Everything")),
            (EVENTS, _("Sign-ins, exports and tokens")),
            *object_type_choices(),
        ]
        self.fields["province"].label_from_instance = lambda p: p.name_th
        for name, f in self.fields.items():
            f.widget.attrs["class"] = (
                "form-select form-select-sm"
                if name in ("province", "user", "object_type")
                else "form-control form-control-sm"
            )


@login_required
@require_GET
def audit_trail(request):
    """The centre's view of who did what, when: sign-ins, exports and every record's changes."""
    require(request.user, Action.ADMINISTER)
    form = TrailFilterForm(request.GET or None)
    filters = TrailFilters(**form.cleaned_data) if form.is_bound and form.is_valid() else TrailFilters()
    page = page_of_entries(filters, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/trail.html", {"form": form, "page": page, "query": query.urlencode()})
