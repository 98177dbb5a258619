"""The plans' REST API under /api/.

Explicit serializers and plain APIViews over the same pieces as the pages: objects are fetched
with the access helpers (404 outside the province, 403 when the role lacks the action), every
write goes through `services`, and the table is read with `table.load_table`. Errors share one
body, built by `labourplan.lib.api.exception_handler`.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from labourplan.accounts.permissions import Action, scope_to_user
from labourplan.lib.api import register_conflict_serializer
from labourplan.lib.digits import (
    DB_INTEGER_MAX,
    MisplacedSeparator,
    parse_decimal,
    parse_int,
    parse_target,
    to_arabic_digits,
)
from labourplan.lib.fiscal import FISCAL_YEAR_HELP, FISCAL_YEAR_MAX, FISCAL_YEAR_MIN
from labourplan.lib.forms import separator_message
from labourplan.lib.pagination import Pagination
from labourplan.lib.thaidate import parse_date
from labourplan.lib.uploads import validate_upload
from labourplan.plans import access, services
from labourplan.plans.models import Allocation, Meeting, MeetingKind, Plan, PlanItem, PlanTopic, PlanVersion
from labourplan.plans.table import PlanTable, Row, TopicBlock, load_table
from labourplan.reference.models import Agency, FiscalYear, MonthlyTargets, Province, Strategy

# Input fields: what Thai officers type --------------------------------------------------------


class ThaiIntegerField(serializers.IntegerField):
    """A JSON integer, or text in Thai or Arabic digits ("๒๕๗๐", "1,200"); always bounded, by the
    caller or by what a database integer holds (the schema says the bounds)."""

    default_error_messages = {
        "invalid": gettext_lazy("Enter a whole number (Thai or Arabic digits)."),
        "max_value": gettext_lazy("Enter a whole number no greater than {max_value}."),
        "min_value": gettext_lazy("Enter a whole number no less than {min_value}."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_value", DB_INTEGER_MAX)
        kwargs.setdefault("min_value", -DB_INTEGER_MAX - 1)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = parse_int(data)
            except MisplacedSeparator:
                raise serializers.ValidationError(separator_message(data.strip()), code="invalid") from None
            except ValueError:
                self.fail("invalid")
        return super().to_internal_value(data)


class ThaiDecimalField(serializers.DecimalField):
    """A JSON number, or text such as "๑๒,๓๔๕.๕๐"; blank clears the value when null is allowed.
    `max_digits` bounds it (the schema says the bounds)."""

    default_error_messages = {"invalid": gettext_lazy("Enter a number (Thai or Arabic digits).")}

    def to_internal_value(self, data):
        if isinstance(data, str):
            if not data.strip() and self.allow_null:
                return None
            try:
                data = parse_decimal(data)
            except MisplacedSeparator:
                raise serializers.ValidationError(separator_message(data.strip()), code="invalid") from None
            except ValueError:
                self.fail("invalid")
        return super().to_internal_value(data)


class _ThaiNumberSchema(OpenApiSerializerFieldExtension):
    """A number as JSON, with its bounds, or as text (Thai digits, thousands separators)."""

    target_class = "labourplan.plans.api.ThaiIntegerField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        minimum = getattr(field, "documented_minimum", field.min_value)
        number = {"type": "integer", "minimum": minimum, "maximum": field.max_value}
        text = {"type": "string", "description": "Thai or Arabic digits, thousands separators in their places"}
        return {"oneOf": [number, text]}


class _ThaiDecimalSchema(_ThaiNumberSchema):
    target_class = "labourplan.plans.api.ThaiDecimalField"

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        largest = Decimal(10) ** (field.max_digits - field.decimal_places) - Decimal(10) ** -field.decimal_places
        number = {
            "type": "number",
            "maximum": float(field.max_value if field.max_value is not None else largest),
            "minimum": float(field.min_value if field.min_value is not None else -largest),
        }
        text = {"type": "string", "description": "Thai or Arabic digits, thousands separators in their places"}
        return {"oneOf": [number, text]}


@extend_schema_field({"type": "string", "description": "ISO date, or day/month/B.E. year", "example": "2026-11-24"})
class ThaiDateField(serializers.DateField):
    """ISO (2026-11-24) or day/month/B.E. year (24/11/2569, Thai digits allowed)."""

    def to_internal_value(self, value):
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        try:
            return parse_date(str(value))
        except (ValueError, TypeError):
            raise serializers.ValidationError(
                _("Enter a date as day/month/B.E. year, for example %(example)s.") % {"example": "24/11/2569"},
                code="invalid",
            ) from None


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


class UploadField(serializers.FileField):
    """A PDF, JPEG or PNG of at most 10 MB, recognised by its content (lib.uploads)."""

    def to_internal_value(self, data):
        upload = super().to_internal_value(data)
        try:
            validate_upload(upload)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None
        return upload


@extend_schema_field(OpenApiTypes.ANY)
class AnyValueField(serializers.Field):
    """Passed on as sent, for a check that needs more context than one field (monthly targets)."""

    def to_internal_value(self, data):
        return data

    def to_representation(self, value):
        return value


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


def _validated(serializer_class, request, data=None, **context) -> dict:
    serializer = serializer_class(data=request.data if data is None else data, context={"request": request, **context})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


# Views ----------------------------------------------------------------------------------------


class PlanListView(APIView):
    pagination_class = Pagination

    @extend_schema(parameters=[PlanFilterSerializer], responses=PlanSerializer(many=True))
    def get(self, request):
        """Plans the user may see, filtered by ?fiscal_year=<B.E.> and ?province=<code>, paginated."""
        filters = _validated(PlanFilterSerializer, request, data=request.query_params)
        plans = scope_to_user(request.user, Plan.objects.select_related("province", "fiscal_year", "current_version"))
        if "fiscal_year" in filters:
            plans = plans.filter(fiscal_year__year_be=filters["fiscal_year"])
        if "province" in filters:
            plans = plans.filter(province__code=to_arabic_digits(filters["province"]).strip())
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(plans, request, view=self)
        return paginator.get_paginated_response(PlanSerializer(page, many=True).data)

    @extend_schema(request=PlanCreateSerializer, responses={201: PlanDetailSerializer})
    def post(self, request):
        data = _validated(PlanCreateSerializer, request)
        plan = services.create_plan(
            province=data["province"], fiscal_year=data["fiscal_year"], source=data["source"], by=request.user
        )
        plan = access.get_plan_for_user(request.user, plan.pk)
        url = reverse("api_plan", args=[plan.pk])
        body = PlanDetailSerializer(load_plan_detail(plan)).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": url})


class PlanDetailView(APIView):
    @extend_schema(parameters=[PlanVersionQuerySerializer], responses=PlanDetailSerializer)
    def get(self, request, pk):
        """The plan with its current version's table, or an earlier version's with ?version=<n>."""
        plan = access.get_plan_for_user(request.user, pk)
        query = _validated(PlanVersionQuerySerializer, request, data=request.query_params)
        return Response(PlanDetailSerializer(load_plan_detail(plan, query.get("version"))).data)


class PlanAmendmentsView(APIView):
    @extend_schema(request=AmendmentSerializer, responses={201: VersionSerializer})
    def post(self, request, pk):
        plan = access.get_plan_for_user(request.user, pk, action=Action.EDIT)
        data = _validated(AmendmentSerializer, request)
        version = services.start_amendment(plan=plan, reason=data["reason"], by=request.user)
        return Response(VersionSerializer(version).data, status=status.HTTP_201_CREATED)


class VersionSubmitView(APIView):
    @extend_schema(request=SubmitSerializer, responses=VersionSerializer)
    def post(self, request, pk):
        version = access.get_version_for_user(request.user, pk, action=Action.SUBMIT)
        data = _validated(SubmitSerializer, request)
        version = services.submit_plan(version=version, submitted_on=data["submitted_on"], by=request.user)
        return Response(VersionSerializer(version).data)


class VersionApproveView(APIView):
    @extend_schema(request={"multipart/form-data": ApprovalSerializer}, responses=VersionSerializer)
    def post(self, request, pk):
        """Multipart: approved_on and document (the signed approval: PDF, JPEG or PNG)."""
        version = access.get_version_for_user(request.user, pk, action=Action.SUBMIT)
        data = _validated(ApprovalSerializer, request)
        version = services.record_approval(
            version=version, approved_on=data["approved_on"], document=data["document"], by=request.user
        )
        return Response(VersionSerializer(version).data)


class VersionTopicsView(APIView):
    @extend_schema(request=TopicCreateSerializer, responses={201: TopicSerializer})
    def post(self, request, pk):
        version = access.get_version_for_user(request.user, pk, action=Action.EDIT)
        data = _validated(TopicCreateSerializer, request, version=version)
        topic = services.add_topic(version=version, strategy=data["strategy"], title=data["title"], by=request.user)
        return Response(TopicSerializer(topic).data, status=status.HTTP_201_CREATED)


class TopicView(APIView):
    @extend_schema(request=TopicChangeSerializer, responses=TopicSerializer)
    def patch(self, request, pk):
        topic = access.get_topic_for_user(request.user, pk, action=Action.EDIT)
        data = _validated(TopicChangeSerializer, request)
        topic = services.update_topic(topic=topic, revision=data["revision"], title=data["title"], by=request.user)
        return Response(TopicSerializer(topic).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        topic = access.get_topic_for_user(request.user, pk, action=Action.EDIT)
        services.delete_topic(topic=topic, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TopicMoveView(APIView):
    @extend_schema(request=MoveSerializer, responses={204: None})
    def post(self, request, pk):
        topic = access.get_topic_for_user(request.user, pk, action=Action.EDIT)
        data = _validated(MoveSerializer, request)
        services.move_topic(topic=topic, offset=data["offset"], by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TopicItemsView(APIView):
    @extend_schema(request=ItemCreateSerializer, responses={201: ItemSerializer})
    def post(self, request, pk):
        topic = access.get_topic_for_user(request.user, pk, action=Action.EDIT)
        data = _validated(ItemCreateSerializer, request, topic=topic)
        item = services.add_item(
            topic=topic,
            parent=data["parent"],
            title=data["title"],
            unit=data["unit"],
            agencies=data["agencies"],
            by=request.user,
        )
        return Response(ItemSerializer(item).data, status=status.HTTP_201_CREATED)


class ItemView(APIView):
    @extend_schema(request=ItemChangeSerializer, responses=ItemSerializer)
    def patch(self, request, pk):
        """Change a row; `revision` is the one the client read. 409 with the saved values if it moved on."""
        item = access.get_item_for_user(request.user, pk, action=Action.EDIT)
        changes = _validated(ItemChangeSerializer, request, fiscal_year=item.topic.version.plan.fiscal_year)
        revision = changes.pop("revision")
        item = services.update_item(item=item, revision=revision, changes=changes, by=request.user)
        return Response(ItemSerializer(item).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        item = access.get_item_for_user(request.user, pk, action=Action.EDIT)
        services.delete_item(item=item, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ItemMoveView(APIView):
    @extend_schema(request=MoveSerializer, responses={204: None})
    def post(self, request, pk):
        item = access.get_item_for_user(request.user, pk, action=Action.EDIT)
        data = _validated(MoveSerializer, request)
        services.move_item(item=item, offset=data["offset"], by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PlanAllocationsView(APIView):
    @extend_schema(responses=AllocationSerializer(many=True))
    def get(self, request, pk):
        plan = access.get_plan_for_user(request.user, pk)
        return Response(AllocationSerializer(plan.allocations.all(), many=True).data)

    @extend_schema(request=AllocationCreateSerializer, responses={201: AllocationSerializer})
    def post(self, request, pk):
        plan = access.get_plan_for_user(request.user, pk, action=Action.EDIT)
        data = _validated(AllocationCreateSerializer, request)
        allocation = services.add_allocation(
            plan=plan, amount=data["amount"], received_on=data["received_on"], note=data["note"], by=request.user
        )
        return Response(AllocationSerializer(allocation).data, status=status.HTTP_201_CREATED)


class AllocationView(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        allocation = access.get_allocation_for_user(request.user, pk, action=Action.EDIT)
        services.delete_allocation(allocation=allocation, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PlanMeetingsView(APIView):
    @extend_schema(responses=MeetingSerializer(many=True))
    def get(self, request, pk):
        plan = access.get_plan_for_user(request.user, pk)
        return Response(MeetingSerializer(plan.meetings.prefetch_related("agencies"), many=True).data)

    @extend_schema(request=MeetingCreateSerializer, responses={201: MeetingSerializer})
    def post(self, request, pk):
        """JSON, or multipart with an optional `minutes` file (PDF, JPEG or PNG)."""
        plan = access.get_plan_for_user(request.user, pk, action=Action.EDIT)
        data = _validated(MeetingCreateSerializer, request)
        meeting = services.add_meeting(
            plan=plan,
            held_on=data["held_on"],
            kind=data["kind"],
            title=data["title"],
            agencies=data["agencies"],
            minutes=data["minutes"],
            by=request.user,
        )
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)


class MeetingView(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        meeting = access.get_meeting_for_user(request.user, pk, action=Action.EDIT)
        services.delete_meeting(meeting=meeting, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
