from django import forms
from django.utils.translation import gettext_lazy as _

from labourplan.lib.forms import ThaiDateField, ThaiDecimalField
from labourplan.plans.models import MeetingKind
from labourplan.reference.models import Agency, Strategy


class CreatePlanForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Start from"),
        choices=[("template", _("The centre's template")), ("previous", _("Our plan of the previous fiscal year"))],
        widget=forms.RadioSelect,
        initial="template",
    )


class SubmitForm(forms.Form):
    submitted_on = ThaiDateField(label=_("Submitted to the governor on"))


class ApprovalForm(forms.Form):
    approved_on = ThaiDateField(label=_("Approved by the governor on"))
    document = forms.FileField(label=_("Signed approval (PDF, JPEG or PNG, at most 10 MB)"))


class AmendmentForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the amendment"), widget=forms.Textarea(attrs={"rows": 3}))


class AllocationForm(forms.Form):
    amount = ThaiDecimalField(label=_("Amount (baht)"), max_digits=14, decimal_places=2, min_value=0.01)
    received_on = ThaiDateField(label=_("Received on"))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class MeetingForm(forms.Form):
    held_on = ThaiDateField(label=_("Date"))
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Subject"), max_length=300)
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies present"),
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minutes = forms.FileField(label=_("Minutes (PDF, JPEG or PNG, at most 10 MB)"), required=False)


class TopicForm(forms.Form):
    strategy = forms.ModelChoiceField(label=_("Strategy"), queryset=Strategy.objects.none())
    title = forms.CharField(label=_("Activity topic"), max_length=1000)

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strategy"].queryset = framework.strategies.all()


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Project / activity"), max_length=1000)
