from django import forms
from django.utils.translation import gettext_lazy as _

from labourplan.evaluation import engine
from labourplan.lib.forms import ThaiDateField, ThaiDecimalField, ThaiIntegerField

# The milestone columns of the criteria grid, in the order the seed's table reads.
MILESTONES = (
    engine.PLANNING_MEETING,
    engine.PLAN_SUBMITTED,
    engine.PLAN_APPROVED,
    engine.TRACKING_MEETING,
    engine.MONTHLY_REPORTS,
)


class AsOfForm(forms.Form):
    as_of = ThaiDateField(label=_("As of"), required=False)


class RoundDatesForm(forms.Form):
    starts_on = ThaiDateField(label=_("starts on"))
    ends_on = ThaiDateField(label=_("ends on"))
    revision = forms.IntegerField(widget=forms.HiddenInput)


class LevelForm(forms.Form):
    """One level of a round as one row: its milestones ticked, its two thresholds typed."""

    number = ThaiIntegerField(label=_("level"), min_value=1, max_value=20)
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 2}))
    planning_meeting = forms.BooleanField(label=_("Meeting to draft the plan"), required=False)
    plan_submitted = forms.BooleanField(label=_("Plan submitted to the governor"), required=False)
    plan_approved = forms.BooleanField(label=_("Plan approved"), required=False)
    tracking_meeting = forms.BooleanField(label=_("Meeting to drive / track the plan"), required=False)
    after_approval = forms.BooleanField(label=_("only on or after the plan's approval"), required=False)
    monthly_reports = forms.BooleanField(label=_("Reported every month"), required=False)
    activities_percent = ThaiDecimalField(
        label=_("Activities (percent)"), required=False, min_value=0, max_value=100, decimal_places=2
    )
    disbursed_percent = ThaiDecimalField(
        label=_("Disbursed (percent)"), required=False, min_value=0, max_value=100, decimal_places=2
    )

    def milestone_fields(self):
        return [self[name] for name in (*MILESTONES[:4], "after_approval", MILESTONES[4])]

    @classmethod
    def initial_for(cls, level: engine.LevelSpec) -> dict:
        initial = {"number": level.number, "description": level.description}
        for condition in level.conditions:
            if condition.kind in engine.PERCENT_KINDS:
                initial[condition.kind] = condition.threshold
            else:
                initial[condition.kind] = True
            if condition.kind == engine.TRACKING_MEETING:
                initial["after_approval"] = condition.after_approval
        return initial

    def to_spec(self) -> engine.LevelSpec:
        data = self.cleaned_data
        conditions = [
            engine.ConditionSpec(
                kind, after_approval=kind == engine.TRACKING_MEETING and bool(data.get("after_approval"))
            )
            for kind in MILESTONES
            if data.get(kind)
        ]
        conditions += [
            engine.ConditionSpec(kind, threshold=data[kind])
            for kind in engine.PERCENT_KINDS
            if data.get(kind) is not None
        ]
        return engine.LevelSpec(
            number=data["number"], description=data["description"].strip(), conditions=tuple(conditions)
        )


LevelFormSet = forms.formset_factory(LevelForm, extra=1, can_delete=True)


class SchemeForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=300)
    show_score = forms.BooleanField(
        label=_("show a fractional score"),
        required=False,
        help_text=_("Linear interpolation between levels (e.g. 4.37), as performance agreements report it."),
    )


class CopySchemeForm(forms.Form):
    source = forms.ChoiceField(label=_("Copy the criteria of"))
    target = forms.ChoiceField(label=_("to fiscal year"))

    def __init__(self, *args, sources, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(fy.year_be, fy.year_be) for fy in sources]
        self.fields["target"].choices = [(fy.year_be, fy.year_be) for fy in targets]


class OverrideForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Level that counts"), coerce=int, empty_value=None, required=False)
    reason = forms.CharField(label=_("reason for the override"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, max_level: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("The computed level"))] + [(n, n) for n in range(max_level + 1)]
