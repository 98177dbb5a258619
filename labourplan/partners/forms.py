from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from labourplan.partners.models import LawfulBasis, PartnerKind


class PartnerForm(forms.Form):
    """What the officer types; the register's rules (one name per province, …) are in services.check."""

    name = forms.CharField(label=pgettext_lazy("network partner", "Name"), max_length=300)
    kind = forms.ChoiceField(label=_("Type"), choices=PartnerKind.choices)
    contact_person = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    line_id = forms.CharField(label=_("LINE ID"), max_length=100, required=False)
    area = forms.CharField(label=_("Area"), max_length=300, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    lawful_basis = forms.ChoiceField(
        label=_("Lawful basis"), choices=LawfulBasis.choices, initial=LawfulBasis.PUBLIC_TASK, required=False
    )

    def clean_lawful_basis(self):
        # A program posting the form without it (older scripts) keeps the usual basis.
        return self.cleaned_data["lawful_basis"] or LawfulBasis.PUBLIC_TASK


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Type"), choices=[("", _("All types")), *PartnerKind.choices], required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Active and inactive")), ("active", _("Active")), ("inactive", _("Inactive"))],
        required=False,
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Register workbook (.xlsx)"),
        widget=forms.FileInput(attrs={"accept": ".xlsx", "aria-describedby": "import-rules"}),
    )
