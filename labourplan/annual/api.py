"""Form 3's REST API under /api/, built like the monthly reports' (labourplan.reports.api): fetched
through `annual.access` (404 outside the province, 403 when the role lacks the action), every
write through `annual.services`. A conflict (409) carries the saved report as `current`."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from labourplan.accounts.permissions import Action
from labourplan.annual import access, services
from labourplan.annual.models import AnnualReport
from labourplan.lib.api import register_conflict_serializer
from labourplan.lib.api_fields import ThaiIntegerField, validated
from labourplan.lib.digits import to_arabic_digits
from labourplan.lib.fiscal import FISCAL_YEAR_HELP, FISCAL_YEAR_MAX, FISCAL_YEAR_MIN
from labourplan.lib.pagination import Pagination
from labourplan.plans import access as plan_access
from labourplan.plans.serializers import ProvinceSerializer
from labourplan.reference.models import Strategy
from labourplan.reports.models import ReportState, Timeliness
from labourplan.submissions.api import opened, transition_endpoints


class AnnualReportSerializer(serializers.Serializer):
    """A line of the list; `timeliness` is judged at context["now"]."""

    id = serializers.IntegerField()
    plan = serializers.IntegerField(source="plan_id")
    province = ProvinceSerializer(source="plan.province")
    fiscal_year = serializers.IntegerField(source="plan.fiscal_year.year_be", help_text=FISCAL_YEAR_HELP)
    state = serializers.CharField()
    state_display = serializers.CharField(source="get_state_display")
    timeliness = serializers.SerializerMethodField()
    timeliness_display = serializers.SerializerMethodField()
    due_date = serializers.DateField()
    first_submitted_at = serializers.DateTimeField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)
    review_comment = serializers.CharField()
    is_editable = serializers.BooleanField()
    revision = serializers.IntegerField()

    def _timeliness(self, report) -> str:
        return report.timeliness(now=self.context.get("now") or timezone.now())

    def get_timeliness(self, report) -> str:
        return str(self._timeliness(report))

    def get_timeliness_display(self, report) -> str:
        return str(Timeliness(self._timeliness(report)).label)


class AnnualItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    strategy = serializers.IntegerField(source="strategy.number")
    item_key = serializers.UUIDField(allow_null=True)
    title = serializers.CharField()
    unit = serializers.CharField()
    annual_target = serializers.IntegerField()
    result = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)
    narrative = serializers.CharField()


class AnnualDetailSerializer(serializers.Serializer):
    executive_summary = serializers.CharField()
    problems = serializers.CharField()
    suggestions = serializers.CharField()
    figures_as_of = serializers.DateTimeField(allow_null=True)
    items = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()

    def get_items(self, report) -> list:
        items = report.items.select_related("strategy").order_by("strategy__number", "order", "pk")
        return AnnualItemSerializer(items, many=True).data

    def get_documents(self, report) -> dict:
        return {kind: reverse("annual_document", args=[report.pk, kind]) for kind in ("pdf", "docx")}

    def to_representation(self, report):
        return {**AnnualReportSerializer(report, context=self.context).data, **super().to_representation(report)}


class FilterSerializer(serializers.Serializer):
    """?fiscal_year=<B.E.>&province=<code>&state=<state>."""

    fiscal_year = ThaiIntegerField(
        required=False, min_value=FISCAL_YEAR_MIN, max_value=FISCAL_YEAR_MAX, help_text=FISCAL_YEAR_HELP
    )
    province = serializers.CharField(required=False)
    state = serializers.ChoiceField(choices=ReportState.choices, required=False)


class ItemChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(required=False)
    narrative = serializers.CharField(required=False, allow_blank=True)


class ChangeSerializer(serializers.Serializer):
    revision = ThaiIntegerField(min_value=1)
    executive_summary = serializers.CharField(required=False, allow_blank=True)
    problems = serializers.CharField(required=False, allow_blank=True)
    suggestions = serializers.CharField(required=False, allow_blank=True)
    items = ItemChangeSerializer(many=True, required=False)

    def validate(self, attrs):
        if set(attrs) == {"revision"}:
            raise serializers.ValidationError(_("Nothing to change."))
        return attrs


class NewItemSerializer(serializers.Serializer):
    strategy = ThaiIntegerField(min_value=1, help_text="The strategy's number, 1–5.")
    title = serializers.CharField()
    narrative = serializers.CharField(required=False, allow_blank=True, default="")


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


register_conflict_serializer(AnnualReport, AnnualDetailSerializer)


def _detail(report, **kwargs) -> Response:
    return Response(AnnualDetailSerializer(report, context={"now": timezone.now()}).data, **kwargs)


class AnnualListView(APIView):
    pagination_class = Pagination

    @extend_schema(parameters=[FilterSerializer], responses=AnnualReportSerializer(many=True))
    def get(self, request):
        """The Forms 3 the user may see, filtered by fiscal year, province and state, paginated."""
        filters = validated(FilterSerializer, request, data=request.query_params)
        reports = access.annual_reports_for_user(request.user).order_by(
            "plan__fiscal_year__year_be", "plan__province__code", "pk"
        )
        if "fiscal_year" in filters:
            reports = reports.filter(plan__fiscal_year__year_be=filters["fiscal_year"])
        if "province" in filters:
            reports = reports.filter(plan__province__code=to_arabic_digits(filters["province"]).strip())
        if "state" in filters:
            reports = reports.filter(state=filters["state"])
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(reports, request, view=self)
        return paginator.get_paginated_response(
            AnnualReportSerializer(page, many=True, context={"now": timezone.now()}).data
        )


class PlanAnnualView(APIView):
    @extend_schema(request=None, responses={200: AnnualDetailSerializer, 201: AnnualDetailSerializer})
    def post(self, request, pk):
        """The plan's Form 3: created and prefilled (201) on first use, else the existing one (200)."""
        plan = plan_access.get_plan_for_user(request.user, pk, action=Action.EDIT)
        existed = AnnualReport.objects.filter(plan=plan).exists()
        report = services.open_annual_report(plan=plan, by=request.user)
        return opened(_detail, report, existed=existed, url_name="api_annual_report")


class AnnualDetailView(APIView):
    @extend_schema(responses=AnnualDetailSerializer)
    def get(self, request, pk):
        return _detail(access.get_annual_report_for_user(request.user, pk))

    @extend_schema(request=ChangeSerializer, responses=AnnualDetailSerializer)
    def patch(self, request, pk):
        """Change narratives, and items' titles or narratives; `revision` is the report's as read."""
        report = access.get_annual_report_for_user(request.user, pk, action=Action.EDIT)
        data = validated(ChangeSerializer, request)
        revision = data.pop("revision")
        items = {item.pop("id"): dict(item) for item in data.pop("items", [])}
        report = services.update_annual_report(
            report=report, revision=revision, changes=data, items=items, by=request.user
        )
        return _detail(report)


class AnnualRefreshView(APIView):
    @extend_schema(request=None, responses=AnnualDetailSerializer)
    def post(self, request, pk):
        report = access.get_annual_report_for_user(request.user, pk, action=Action.EDIT)
        return _detail(services.refresh_figures(report=report, by=request.user))


AnnualSubmitView, AnnualAcceptView, AnnualReturnView, AnnualReopenView = transition_endpoints(
    lifecycle=services.LIFECYCLE,
    get_for_user=access.get_annual_report_for_user,
    submit=services.submit_annual_report,
    respond=_detail,
    response=AnnualDetailSerializer,
    accept_request=CommentSerializer,
    return_request=CommentSerializer,
    reopen_request=ReasonSerializer,
)


class AnnualItemsView(APIView):
    @extend_schema(request=NewItemSerializer, responses={201: AnnualDetailSerializer})
    def post(self, request, pk):
        """Add an item that is not an activity of the plan under strategy N; answers the report."""
        report = access.get_annual_report_for_user(request.user, pk, action=Action.EDIT)
        data = validated(NewItemSerializer, request)
        strategy = Strategy.objects.filter(
            framework_id=report.plan.fiscal_year.framework_id, number=data["strategy"]
        ).first()
        if strategy is None:
            raise serializers.ValidationError({"strategy": _("No such strategy in this fiscal year.")})
        services.add_annual_item(
            report=report, strategy=strategy, title=data["title"], narrative_text=data["narrative"], by=request.user
        )
        report.refresh_from_db()
        return _detail(report, status=status.HTTP_201_CREATED)


class AnnualItemView(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        """Remove an item the province added (the plan's activities stay)."""
        item = access.get_annual_item_for_user(request.user, pk, action=Action.EDIT)
        services.remove_annual_item(item=item, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
