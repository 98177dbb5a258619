"""The plans' API in and out: the serializers of plans, versions, topics, items, allocations and
meetings, and the plan's whole detail as the API shows it (`load_plan_detail`)."""

from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from labourplan.lib.api import register_conflict_serializer
from labourplan.lib.api_fields import (
    AnyValueField,
    ThaiDateField,
    ThaiDecimalField,
    ThaiIntegerField,
    UploadField,
)
from labourplan.lib.digits import (
    parse_target,
    to_arabic_digits,
)
from labourplan.lib.fiscal import FISCAL_YEAR_HELP, FISCAL_YEAR_MAX, FISCAL_YEAR_MIN
from labourplan.plans import services
from labourplan.plans.models import Allocation, Meeting, MeetingKind, Plan, PlanItem, PlanTopic, PlanVersion
from labourplan.plans.table import PlanTable, Row, TopicBlock, load_table
from labourplan.reference.models import Agency, FiscalYear, MonthlyTargets, Province, Strategy

# Input fields: what Thai officers type --------------------------------------------------------


@extend_schema_field({"oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]})
class AgencyListField(serializers.ListField):
    """Agencies by abbreviation: ["สจจ.", "สสค."], or as Form 1 prints them, "สจจ./สสค."."""

    child = serializers.CharField(allow_blank=True)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = [data]
        values = super().to_internal_value(data)
        wanted = list(dict.fromkeys(a.strip() for value in values for a in value.split("/") if a.strip()))
        found = {a.abbreviation: a for a in Agency.objects.filter(abbreviation__in=wanted)}
        unknown = [a for a in wanted if a not in found]
        if unknown:
            raise serializers.ValidationError(_("Unknown agency: %(names)s.") % {"names": ", ".join(unknown)})
        return [found[a] for a in wanted]


# Output ---------------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.STR)
class AgencyAbbreviationField(serializers.SlugRelatedField):
    """An agency as Form 1 names it ("สจจ.")."""


class ProvinceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_th = serializers.CharField()
    name_en = serializers.CharField()


class VersionSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    state = serializers.CharField()


class VersionSerializer(VersionSummarySerializer):
    state_display = serializers.CharField(source="get_state_display")
    reason = serializers.CharField()
    submitted_on = serializers.DateField(allow_null=True)
    approved_on = serializers.DateField(allow_null=True)
    has_approval_document = serializers.SerializerMethodField()
    is_editable = serializers.BooleanField()
    revision = serializers.IntegerField()

    def get_has_approval_document(self, version) -> bool:
        return bool(version.approval_document)


class PlanSerializer(serializers.Serializer):
    """A line of the plans list."""

    id = serializers.IntegerField()
    province = ProvinceSerializer()
    fiscal_year = serializers.IntegerField(source="fiscal_year.year_be", help_text=FISCAL_YEAR_HELP)
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    current_version = VersionSummarySerializer(allow_null=True)


class ItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.UUIDField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    title = serializers.CharField()
    unit = serializers.CharField()
    agencies = AgencyAbbreviationField(slug_field="abbreviation", many=True, read_only=True, source="ordered_agencies")
    targets = serializers.ListField(child=serializers.IntegerField())
    total = serializers.IntegerField()
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    revision = serializers.IntegerField()


class RowSerializer(ItemSerializer):
    """A row of the table: the item, its number ("1)" or "-") and, for an activity, its sub-items."""

    def to_representation(self, row: Row):
        data = super().to_representation(row.item)
        data["number"] = row.number
        if row.item.is_activity:
            data["sub_items"] = RowSerializer(row.sub_items, many=True).data
        return data


class TopicSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.UUIDField()
    strategy = serializers.IntegerField(source="strategy.number")
    title = serializers.CharField()
    revision = serializers.IntegerField()


class TopicBlockSerializer(serializers.Serializer):
    """A topic of the table, numbered by its position in the plan, with its activities."""

    id = serializers.IntegerField(source="topic.pk")
    key = serializers.UUIDField(source="topic.key")
    strategy = serializers.IntegerField(source="topic.strategy.number")
    number = serializers.IntegerField()
    title = serializers.CharField(source="topic.title")
    revision = serializers.IntegerField(source="topic.revision")
    activities = RowSerializer(source="rows", many=True)


class StrategySerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name_th = serializers.CharField()
    name_en = serializers.CharField()


class MonthSerializer(serializers.Serializer):
    label = serializers.CharField()
    month = serializers.IntegerField()
    year_be = serializers.IntegerField()


@dataclass
class SubItemWarning:
    """An activity whose sub-items do not add up to its own target: shown, never corrected."""

    topic_number: int
    row: Row

    @property
    def message(self) -> str:
        return _(
            "Topic %(topic)s, activity %(number)s: its sub-items add up to %(sub_total)s "
            "but its own target is %(total)s."
        ) % {
            "topic": self.topic_number,
            "number": self.row.number,
            "sub_total": self.row.sub_total,
            "total": self.row.total,
        }


class WarningSerializer(serializers.Serializer):
    activity = serializers.IntegerField(source="row.item.pk")
    topic_number = serializers.IntegerField()
    number = serializers.CharField(source="row.number")
    title = serializers.CharField(source="row.item.title")
    total = serializers.IntegerField(source="row.total")
    sub_items_total = serializers.IntegerField(source="row.sub_total")
    message = serializers.CharField()


class AllocationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    received_on = serializers.DateField()
    note = serializers.CharField()


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    held_on = serializers.DateField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    title = serializers.CharField()
    agencies = AgencyAbbreviationField(slug_field="abbreviation", many=True, read_only=True)
    has_minutes = serializers.SerializerMethodField()

    def get_has_minutes(self, meeting) -> bool:
        return bool(meeting.minutes)


@dataclass
class PlanDetail:
    plan: Plan
    table: PlanTable
    versions: list[PlanVersion]
    allocations: list[Allocation]
    meetings: list[Meeting]

    @property
    def strategies(self) -> list[Strategy]:
        return [block.strategy for block in self.table.strategies]

    @property
    def topics(self) -> list[TopicBlock]:
        return [topic for block in self.table.strategies for topic in block.topics]

    @property
    def warnings(self) -> list[SubItemWarning]:
        return [
            SubItemWarning(topic_number=topic.number, row=row)
            for topic in self.topics
            for row in topic.rows
            if row.sub_items_mismatch
        ]

    @property
    def allocated_total(self) -> Decimal:
        return sum((a.amount for a in self.allocations), Decimal(0))


def load_plan_detail(plan: Plan, version_number: int | None = None) -> PlanDetail:
    """The plan with one version's table (the current one by default), in a fixed number of queries."""
    versions = list(plan.versions.all())
    if version_number is None:
        version = next((v for v in versions if v.pk == plan.current_version_id), None)
    else:
        version = next((v for v in versions if v.number == version_number), None)
    if version is None:
        raise Http404
    for v in versions:
        v.plan = plan  # load_table reads the fiscal year through it: already at hand
    table = load_table(version)
    return PlanDetail(
        plan=plan,
        table=table,
        versions=versions,
        allocations=list(plan.allocations.all()),
        meetings=list(plan.meetings.prefetch_related("agencies")),
    )


class PlanDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="plan.pk")
    province = ProvinceSerializer(source="plan.province")
    fiscal_year = serializers.IntegerField(source="plan.fiscal_year.year_be", help_text=FISCAL_YEAR_HELP)
    status = serializers.CharField(source="plan.status")
    status_display = serializers.CharField(source="plan.get_status_display")
    months = MonthSerializer(source="plan.fiscal_year.month_headings", many=True)
    current_version = VersionSummarySerializer(source="plan.current_version", allow_null=True)
    version = VersionSerializer(source="table.version")
    versions = VersionSerializer(many=True)
    strategies = StrategySerializer(many=True)
    topics = TopicBlockSerializer(many=True)
    warnings = WarningSerializer(many=True)
    allocations = AllocationSerializer(many=True)
    allocated_total = serializers.DecimalField(max_digits=16, decimal_places=2)
    meetings = MeetingSerializer(many=True)


register_conflict_serializer(PlanItem, ItemSerializer)
register_conflict_serializer(PlanTopic, TopicSerializer)


# Input ----------------------------------------------------------------------------------------


class PlanFilterSerializer(serializers.Serializer):
    fiscal_year = ThaiIntegerField(
        required=False, min_value=FISCAL_YEAR_MIN, max_value=FISCAL_YEAR_MAX, help_text=FISCAL_YEAR_HELP
    )
    province = serializers.CharField(required=False)


class PlanCreateSerializer(serializers.Serializer):
    province = serializers.CharField()
    fiscal_year = ThaiIntegerField(min_value=FISCAL_YEAR_MIN, max_value=FISCAL_YEAR_MAX, help_text=FISCAL_YEAR_HELP)
    source = serializers.ChoiceField(choices=["template", "previous"], default="template")

    def validate_province(self, code: str) -> Province:
        province = Province.objects.filter(code=to_arabic_digits(code).strip()).first()
        if province is None:
            raise serializers.ValidationError(_("There is no province with code %(code)s.") % {"code": code})
        return province

    def validate_fiscal_year(self, year_be: int) -> FiscalYear:
        fiscal_year = FiscalYear.objects.filter(year_be=year_be).first()
        if fiscal_year is None:
            raise serializers.ValidationError(_("Fiscal year %(year)s is not set up.") % {"year": year_be})
        return fiscal_year


class PlanVersionQuerySerializer(serializers.Serializer):
    version = ThaiIntegerField(required=False, min_value=1)


class ItemChangeSerializer(serializers.Serializer):
    """A change to a row. Targets come as `targets` (twelve values, Oct … Sep) or as single months
    `target_1` … `target_12`; each value a number or text in Thai digits, "-" for zero.

    Blank titles and over-long units are left to the service, whose rules say so in Thai."""

    revision = ThaiIntegerField(min_value=1)
    title = serializers.CharField(required=False, allow_blank=True)
    unit = serializers.CharField(required=False, allow_blank=True)
    agencies = AgencyListField(required=False)
    targets = serializers.ListField(child=AnyValueField(), required=False)
    budget = ThaiDecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)

    def get_fields(self):
        fields = super().get_fields()
        for name in MonthlyTargets.TARGET_FIELDS:
            fields[name] = AnyValueField(required=False)
        return fields

    def validate(self, attrs):
        months = {name: attrs.pop(name) for name in MonthlyTargets.TARGET_FIELDS if name in attrs}
        if "targets" in attrs:
            values = attrs.pop("targets")
            if months:
                raise serializers.ValidationError(
                    {"targets": _("Send either the twelve targets or single months, not both.")}
                )
            if len(values) != 12:
                raise serializers.ValidationError({"targets": _("Give twelve monthly targets, October to September.")})
            months = dict(zip(MonthlyTargets.TARGET_FIELDS, values, strict=True))
        try:
            attrs.update(
                services.validate_targets(
                    self.context["fiscal_year"], {name: parse_target(v) for name, v in months.items()}
                )
            )
        except services.PlanError as exc:
            raise serializers.ValidationError(exc.errors) from None
        if set(attrs) == {"revision"}:
            raise serializers.ValidationError(_("Nothing to change."))
        return attrs


class ItemCreateSerializer(serializers.Serializer):
    """A new activity of the topic, or a sub-item when `parent` (an activity of the topic) is given."""

    title = serializers.CharField(allow_blank=True)
    unit = serializers.CharField(required=False, allow_blank=True, max_length=50, default="")
    agencies = AgencyListField(required=False, default=list)
    parent = ThaiIntegerField(required=False, allow_null=True, default=None)

    def validate_parent(self, pk: int | None) -> PlanItem | None:
        if pk is None:
            return None
        parent = PlanItem.objects.filter(topic=self.context["topic"], pk=pk).first()
        if parent is None:
            raise serializers.ValidationError(_("That activity is not in this topic."))
        return parent


class MoveSerializer(serializers.Serializer):
    offset = ThaiIntegerField(min_value=-1000, max_value=1000)


class TopicCreateSerializer(serializers.Serializer):
    strategy = ThaiIntegerField()
    title = serializers.CharField(allow_blank=True)

    def validate_strategy(self, number: int) -> Strategy:
        framework_id = self.context["version"].plan.fiscal_year.framework_id
        strategy = Strategy.objects.filter(framework_id=framework_id, number=number).first()
        if strategy is None:
            raise serializers.ValidationError(_("That strategy is not in this fiscal year's framework."))
        return strategy


class TopicChangeSerializer(serializers.Serializer):
    revision = ThaiIntegerField(min_value=1)
    title = serializers.CharField(allow_blank=True)


class SubmitSerializer(serializers.Serializer):
    submitted_on = ThaiDateField()


class ApprovalSerializer(serializers.Serializer):
    approved_on = ThaiDateField()
    document = UploadField()


class AmendmentSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class AllocationCreateSerializer(serializers.Serializer):
    amount = ThaiDecimalField(max_digits=14, decimal_places=2)
    received_on = ThaiDateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class MeetingCreateSerializer(serializers.Serializer):
    held_on = ThaiDateField()
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    title = serializers.CharField(max_length=300)
    agencies = AgencyListField(required=False, default=list)
    minutes = UploadField(required=False, allow_null=True, default=None)
