from django import forms
from django.utils.translation import gettext_lazy as _

from labourplan.evaluation import engine, kinds
from labourplan.lib.forms import ThaiDateField, ThaiIntegerField


class AsOfForm(forms.Form):
    as_of = ThaiDateField(label=_("As of"), required=False)


class RoundDatesForm(forms.Form):
    starts_on = ThaiDateField(label=_("starts on"))
    ends_on = ThaiDateField(label=_("ends on"))
    revision = forms.IntegerField(widget=forms.HiddenInput)


class LevelForm(forms.Form):
    """One level of a round as one row: its milestones ticked, its thresholds typed. Each condition
    kind brings its own fields (`Kind.form_fields`), in the kinds' order."""

    number = ThaiIntegerField(label=_("level"), min_value=1, max_value=20)
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind_fields: dict[str, list[str]] = {}
        for kind in kinds.all_kinds():
            fields = kind.form_fields()
            self.fields.update(fields)
            self.kind_fields[kind.name] = list(fields)

    def milestone_fields(self):
        """The tick boxes of the kinds that are met or not."""
        return [self[name] for kind in kinds.all_kinds() if not kind.percent for name in self.kind_fields[kind.name]]

    def threshold_fields(self):
        """The thresholds of the percent kinds, one column each."""
        return [self[name] for kind in kinds.all_kinds() if kind.percent for name in self.kind_fields[kind.name]]

    @classmethod
    def initial_for(cls, level: engine.LevelSpec) -> dict:
        initial = {"number": level.number, "description": level.description}
        for condition in level.conditions:
            initial.update(kinds.get(condition.kind).initial(condition))
        return initial

    def to_spec(self) -> engine.LevelSpec:
        data = self.cleaned_data
        specs = [kind.spec_from(data) for kind in kinds.all_kinds()]
        return engine.LevelSpec(
            number=data["number"],
            description=data["description"].strip(),
            conditions=tuple(spec for spec in specs if spec is not None),
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
