"""The monthly reports' REST API under /api/ (Form 2).

Built like the plans' API (labourplan.plans.api), whose input fields and error body it reuses:
objects are fetched with `reports.access` (404 outside the province, 403 when the role lacks the
action), every write goes through `reports.services` (or `reports.evidence`), and the table is
read with `table.load_report_table`. Errors share the body of `labourplan.lib.api`; two are the
report's own:

    400 {"code": "confirm_required", …}: a result over three times the target to date (the year's
        target while none is planned yet); send it again with "confirmed": true and a remark. Until
        then it is kept on the row as pending (counted nowhere), and the row's revision is unchanged.
    409 {"code": "conflict", …, "current": {…}}: the saved result, or the saved report fields.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from labourplan.accounts.permissions import Action
from labourplan.lib.api import register_conflict_serializer
from labourplan.lib.api_fields import ThaiDecimalField, ThaiIntegerField, UploadField, validated
from labourplan.lib.digits import MisplacedSeparator, parse_int, to_arabic_digits
from labourplan.lib.fiscal import FISCAL_YEAR_HELP, FISCAL_YEAR_MAX, FISCAL_YEAR_MIN
from labourplan.lib.forms import separator_message
from labourplan.lib.pagination import Pagination
from labourplan.lib.thaidate import month_name
from labourplan.lib.uploads import private_file_response
from labourplan.plans import access as plan_access
from labourplan.plans.models import Meeting, PlanItem
from labourplan.plans.serializers import MeetingSerializer, ProvinceSerializer
from labourplan.plans.services import MAX_TARGET
from labourplan.reports import access, services
from labourplan.reports.models import MonthlyReport, ReportEvidence, ReportResult, ReportState, Timeliness
from labourplan.reports.table import ReportRow, ReportStrategy, load_report_table
from labourplan.submissions.api import opened, transition_endpoints

# Input fields ---------------------------------------------------------------------------------


class ThaiCountField(ThaiIntegerField):
    """A count as the forms print it: Thai or Arabic digits, "-" for zero; at most what a target
    may be (a negative count is left to the service, whose rule says so)."""

    default_error_messages = {
        "max_value": gettext_lazy("The result must be a whole number from 0 to {max_value}."),
    }
    documented_minimum = 0  # what the service's rule allows: a negative count is refused there

    def __init__(self, **kwargs):
        kwargs.setdefault("max_value", MAX_TARGET)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = parse_int(data, dash_is_zero=True)
            except MisplacedSeparator:
                raise serializers.ValidationError(separator_message(data.strip()), code="invalid") from None
            except ValueError:
                self.fail("invalid")
        return super().to_internal_value(data)


# Output ---------------------------------------------------------------------------------------


def _calendar_month(report: MonthlyReport) -> dict:
    year, month = report.calendar_month
    return {"year_be": year + 543, "month": month, "label": month_name(month, abbr=True)}


class ReportSerializer(serializers.Serializer):
    """A line of the reports list; `timeliness` is judged at context["now"]."""

    id = serializers.IntegerField()
    plan = serializers.IntegerField(source="plan_id")
    province = ProvinceSerializer(source="plan.province")
    fiscal_year = serializers.IntegerField(source="plan.fiscal_year.year_be", help_text=FISCAL_YEAR_HELP)
    month_index = serializers.IntegerField()
    calendar_month = serializers.SerializerMethodField()
    state = serializers.CharField()
    state_display = serializers.CharField(source="get_state_display")
    timeliness = serializers.SerializerMethodField()
    timeliness_display = serializers.SerializerMethodField()
    due_date = serializers.DateField()
    sending_opens_on = serializers.DateField(
        help_text="The first day the report can be sent: a month is reported after it ends (Asia/Bangkok)."
    )
    first_submitted_at = serializers.DateTimeField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)
    review_comment = serializers.CharField()
    disbursed = serializers.DecimalField(max_digits=14, decimal_places=2)
    is_editable = serializers.BooleanField()
    revision = serializers.IntegerField()

    def get_calendar_month(self, report) -> dict:
        return _calendar_month(report)

    def _timeliness(self, report) -> str:
        return report.timeliness(now=self.context.get("now") or timezone.now())

    def get_timeliness(self, report) -> str:
        return str(self._timeliness(report))

    def get_timeliness_display(self, report) -> str:
        return str(Timeliness(self._timeliness(report)).label)


class ReportFieldsSerializer(serializers.Serializer):
    """What PATCH changes, as saved: sent back as `current` on a conflict."""

    revision = serializers.IntegerField()
    state = serializers.CharField()
    disbursed = serializers.DecimalField(max_digits=14, decimal_places=2)
    key_results = serializers.CharField()
    problems = serializers.CharField()


class ResultSerializer(serializers.Serializer):
    item_key = serializers.UUIDField()
    result = serializers.IntegerField()
    remark = serializers.CharField()
    revision = serializers.IntegerField()


class ReportRowSerializer(serializers.Serializer):
    """A row of Form 2: an activity (with its sub-rows, whose sums it shows) or a sub-item."""

    id = serializers.IntegerField(source="item.pk")
    key = serializers.UUIDField(source="item.key")
    number = serializers.CharField()
    title = serializers.CharField(source="item.title")
    unit = serializers.CharField(source="item.unit")
    month_target = serializers.IntegerField()
    cumulative_target = serializers.IntegerField()
    annual_target = serializers.IntegerField()
    result = serializers.IntegerField()
    cumulative_result = serializers.IntegerField()
    percent_of_year = serializers.FloatField(allow_null=True)
    remark = serializers.CharField()
    revision = serializers.IntegerField()
    is_leaf = serializers.BooleanField()
    over_three_times = serializers.BooleanField()

    def to_representation(self, row: ReportRow):
        data = super().to_representation(row)
        data["sub_rows"] = ReportRowSerializer(row.sub_rows, many=True).data
        return data


class ReportTopicSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    rows = ReportRowSerializer(many=True)


class ReportStrategySerializer(serializers.Serializer):
    number = serializers.IntegerField(source="strategy.number")
    name_th = serializers.CharField(source="strategy.name_th")
    name_en = serializers.CharField(source="strategy.name_en")
    topics = ReportTopicSerializer(many=True)


class DroppedRowSerializer(serializers.Serializer):
    """A row the plan in force no longer carries (the approved version dropped it): its results stay."""

    key = serializers.UUIDField()
    title = serializers.CharField()
    unit = serializers.CharField()
    result = serializers.IntegerField()
    cumulative_result = serializers.IntegerField()
    remark = serializers.CharField()


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    caption = serializers.CharField()
    name = serializers.SerializerMethodField()
    uploaded_at = serializers.DateTimeField()
    uploaded_by = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    def get_name(self, item: ReportEvidence) -> str:
        return item.file.name.rsplit("/", 1)[-1]

    def get_uploaded_by(self, item: ReportEvidence) -> str:
        return item.uploaded_by.get_full_name() or item.uploaded_by.get_username()

    def get_url(self, item: ReportEvidence) -> str:
        return reverse("api_evidence_file", args=[item.pk])


@dataclass
class ReportDetail:
    report: MonthlyReport
    strategies: list[ReportStrategy]
    meetings: list[Meeting]
    evidence: list[ReportEvidence]
    cumulative_disbursed: Decimal
    allocated_total: Decimal


def load_report_detail(report: MonthlyReport) -> ReportDetail:
    """The report with its table, in a fixed number of queries whatever the size of the plan."""
    year, month = report.calendar_month
    plan = report.plan
    cumulative = plan.reports.filter(month_index__lte=report.month_index).aggregate(s=Sum("disbursed"))["s"]
    return ReportDetail(
        report=report,
        strategies=load_report_table(report),
        meetings=list(plan.meetings.filter(held_on__year=year, held_on__month=month).prefetch_related("agencies")),
        evidence=list(report.evidence.select_related("uploaded_by")),
        cumulative_disbursed=cumulative or Decimal(0),
        allocated_total=plan.allocations.aggregate(s=Sum("amount"))["s"] or Decimal(0),
    )


class ReportDetailSerializer(serializers.Serializer):
    """The report as its list line, with the narratives, the money, the table and what is attached."""

    key_results = serializers.CharField(source="report.key_results")
    problems = serializers.CharField(source="report.problems")
    cumulative_disbursed = serializers.DecimalField(max_digits=16, decimal_places=2)
    allocated_total = serializers.DecimalField(max_digits=16, decimal_places=2)
    strategies = ReportStrategySerializer(many=True)
    dropped_rows = DroppedRowSerializer(many=True, source="strategies.dropped")
    meetings = MeetingSerializer(many=True)
    evidence = EvidenceSerializer(many=True)

    def to_representation(self, detail: ReportDetail):
        return {**ReportSerializer(detail.report, context=self.context).data, **super().to_representation(detail)}


register_conflict_serializer(ReportResult, ResultSerializer)
register_conflict_serializer(MonthlyReport, ReportFieldsSerializer)


# Input ----------------------------------------------------------------------------------------


class ReportFilterSerializer(serializers.Serializer):
    """?fiscal_year=<B.E.>&province=<code>&month=<1 = October … 12 = September>&state=<state>."""

    fiscal_year = ThaiIntegerField(
        required=False, min_value=FISCAL_YEAR_MIN, max_value=FISCAL_YEAR_MAX, help_text=FISCAL_YEAR_HELP
    )
    province = serializers.CharField(required=False)
    month = ThaiIntegerField(required=False, min_value=1, max_value=12)
    state = serializers.ChoiceField(choices=ReportState.choices, required=False)


class ReportOpenSerializer(serializers.Serializer):
    month_index = ThaiIntegerField(min_value=1, max_value=12)


class ResultChangeSerializer(serializers.Serializer):
    """`revision` is the row's as read (0 when no result was saved yet)."""

    revision = ThaiIntegerField(min_value=0)
    result = ThaiCountField()
    remark = serializers.CharField(required=False, allow_blank=True, default="")
    confirmed = serializers.BooleanField(required=False, default=False)


class ReportChangeSerializer(serializers.Serializer):
    revision = ThaiIntegerField(min_value=1)
    disbursed = ThaiDecimalField(max_digits=14, decimal_places=2, required=False)
    key_results = serializers.CharField(required=False, allow_blank=True)
    problems = serializers.CharField(required=False, allow_blank=True)

    def validate(self, attrs):
        if set(attrs) == {"revision"}:
            raise serializers.ValidationError(_("Nothing to change."))
        return attrs


class AcceptSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(allow_blank=True)


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class EvidenceCreateSerializer(serializers.Serializer):
    file = UploadField()
    caption = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


def _report_item(report: MonthlyReport, key) -> PlanItem:
    """The row of the plan version in force that carries `key`."""
    version = report.plan.version_in_force()
    item = PlanItem.objects.filter(topic__version=version, key=key).first() if version else None
    if item is None:
        raise Http404
    return item


def _detail_response(report: MonthlyReport, **kwargs) -> Response:
    body = ReportDetailSerializer(load_report_detail(report), context={"now": timezone.now()}).data
    return Response(body, **kwargs)


# Views ----------------------------------------------------------------------------------------


class ReportListView(APIView):
    pagination_class = Pagination

    @extend_schema(parameters=[ReportFilterSerializer], responses=ReportSerializer(many=True))
    def get(self, request):
        """Reports the user may see, filtered by fiscal year, province, month and state, paginated."""
        filters = validated(ReportFilterSerializer, request, data=request.query_params)
        reports = access.reports_for_user(request.user).order_by(
            "plan__fiscal_year__year_be", "month_index", "plan__province__code", "pk"
        )
        if "fiscal_year" in filters:
            reports = reports.filter(plan__fiscal_year__year_be=filters["fiscal_year"])
        if "province" in filters:
            reports = reports.filter(plan__province__code=to_arabic_digits(filters["province"]).strip())
        if "month" in filters:
            reports = reports.filter(month_index=filters["month"])
        if "state" in filters:
            reports = reports.filter(state=filters["state"])
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(reports, request, view=self)
        body = ReportSerializer(page, many=True, context={"now": timezone.now()}).data
        return paginator.get_paginated_response(body)


class PlanReportsView(APIView):
    @extend_schema(request=ReportOpenSerializer, responses={200: ReportDetailSerializer, 201: ReportDetailSerializer})
    def post(self, request, pk):
        """The report of a month of the plan: created (201) on first use, else the existing one (200)."""
        plan = plan_access.get_plan_for_user(request.user, pk, action=Action.EDIT)
        data = validated(ReportOpenSerializer, request)
        existed = plan.reports.filter(month_index=data["month_index"]).exists()
        report = services.open_report(plan=plan, month_index=data["month_index"], by=request.user)
        return opened(_detail_response, report, existed=existed, url_name="api_report")


class ReportDetailView(APIView):
    @extend_schema(responses=ReportDetailSerializer)
    def get(self, request, pk):
        return _detail_response(access.get_report_for_user(request.user, pk))

    @extend_schema(request=ReportChangeSerializer, responses=ReportDetailSerializer)
    def patch(self, request, pk):
        """Change the disbursement or the narratives; `revision` is the report's as read."""
        report = access.get_report_for_user(request.user, pk, action=Action.EDIT)
        changes = validated(ReportChangeSerializer, request)
        revision = changes.pop("revision")
        report = services.update_report(report=report, revision=revision, changes=changes, by=request.user)
        return _detail_response(report)


class ResultView(APIView):
    @extend_schema(request=ResultChangeSerializer, responses=ResultSerializer)
    def put(self, request, pk, item_key):
        """A row's result for the month (a sub-item, or an activity without sub-items)."""
        report = access.get_report_for_user(request.user, pk, action=Action.EDIT)
        item = _report_item(report, item_key)
        data = validated(ResultChangeSerializer, request)
        result = services.save_result(
            report=report,
            item=item,
            revision=data["revision"],
            result=data["result"],
            remark=data["remark"],
            confirmed=data["confirmed"],
            by=request.user,
        )
        return Response(ResultSerializer(result).data)


def _state_response(report: MonthlyReport) -> Response:
    return Response(ReportSerializer(report, context={"now": timezone.now()}).data)


ReportSubmitView, ReportAcceptView, ReportReturnView, ReportReopenView = transition_endpoints(
    lifecycle=services.LIFECYCLE,
    get_for_user=access.get_report_for_user,
    submit=services.submit_report,
    respond=_state_response,
    response=ReportSerializer,
    accept_request=AcceptSerializer,
    return_request=ReturnSerializer,
    reopen_request=ReopenSerializer,
)


class ReportEvidenceView(APIView):
    @extend_schema(request={"multipart/form-data": EvidenceCreateSerializer}, responses={201: EvidenceSerializer})
    def post(self, request, pk):
        """Multipart: file (PDF, JPEG or PNG, at most 10 MB) and an optional caption."""
        report = access.get_report_for_user(request.user, pk, action=Action.EDIT)
        data = validated(EvidenceCreateSerializer, request)
        item = services.add_evidence(report=report, file=data["file"], caption=data["caption"], by=request.user)
        return Response(EvidenceSerializer(item).data, status=status.HTTP_201_CREATED)


class EvidenceView(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        item = access.get_evidence_for_user(request.user, pk, action=Action.EDIT)
        services.delete_evidence(evidence=item, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EvidenceFileView(APIView):
    def perform_content_negotiation(self, request, force=False):
        # The answer is the file itself: a client asking for image/png must not get 406.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, "image/jpeg"): OpenApiTypes.BINARY,
            (200, "image/png"): OpenApiTypes.BINARY,
        }
    )
    def get(self, request, pk):
        """The stored file, typed by its content (never by its name), for whoever may see the report."""
        return private_file_response(access.get_evidence_for_user(request.user, pk).file)
