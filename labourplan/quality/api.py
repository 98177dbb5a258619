"""The questionable values of a fiscal year in the API, as the centre's page lists them, and the
follow-up's steps: GET /api/quality/findings/, POST …/<id>/ask/ | answer/ | close/."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from labourplan.accounts.permissions import Action, require
from labourplan.lib.api import register_conflict_serializer
from labourplan.lib.digits import DB_INTEGER_MAX, to_arabic_digits
from labourplan.lib.fiscal import FISCAL_YEAR_HELP
from labourplan.lib.pagination import Pagination
from labourplan.quality import services
from labourplan.quality.models import Finding, FindingState, RuleCode, Severity
from labourplan.quality.views import get_finding_for_user
from labourplan.reference.models import FiscalYear


class FindingFilterSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField(
        min_value=2500, max_value=2700, required=False, help_text=f"{FISCAL_YEAR_HELP} The current one by default."
    )
    province = serializers.CharField(required=False, max_length=10, help_text="The province's code, e.g. 50.")
    rule = serializers.ChoiceField(choices=RuleCode.choices, required=False)
    state = serializers.ChoiceField(
        choices=[("open", "open"), *FindingState.choices], required=False, help_text="`open`: asked and not closed."
    )


class FindingSerializer(serializers.ModelSerializer):
    fiscal_year = serializers.IntegerField(source="fiscal_year.year_be", help_text=FISCAL_YEAR_HELP)
    province = serializers.CharField(source="province.code")
    province_name = serializers.CharField(source="province.name_th")
    month = serializers.CharField(source="month_label", help_text="The month as printed, e.g. ต.ค. 2569.")
    rule = serializers.ChoiceField(choices=RuleCode.choices)
    rule_display = serializers.CharField(source="get_rule_display")
    severity = serializers.ChoiceField(choices=Severity.choices)
    state = serializers.ChoiceField(choices=FindingState.choices)

    class Meta:
        model = Finding
        fields = [
            "id",
            "fiscal_year",
            "province",
            "province_name",
            "month_index",
            "month",
            "item_key",
            "item_title",
            "rule",
            "rule_display",
            "severity",
            "value",
            "reference",
            "detail",
            "still_found",
            "state",
            "question",
            "answer",
            "closing_comment",
            "revision",
        ]


register_conflict_serializer(Finding, FindingSerializer)


class StepSerializer(serializers.Serializer):
    revision = serializers.IntegerField(
        min_value=0, max_value=DB_INTEGER_MAX, help_text="The finding's revision as read."
    )
    text = serializers.CharField(allow_blank=True, max_length=5000)


class FindingListView(APIView):
    pagination_class = Pagination

    @extend_schema(parameters=[FindingFilterSerializer], responses=FindingSerializer(many=True))
    def get(self, request):
        """The questionable values of a fiscal year the user may see (a province: the questions
        asked of it), filtered by province, rule and state, paginated."""
        filters = FindingFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        year = data.get("fiscal_year") or getattr(FiscalYear.objects.current(), "year_be", None)
        findings = (
            Finding.objects.for_user(request.user)
            .filter(fiscal_year__year_be=year)
            .select_related("province", "fiscal_year")
            .order_by("province__name_th", "month_index", "rule", "pk")
        )
        if "province" in data:
            findings = findings.filter(province__code=to_arabic_digits(data["province"]).strip())
        if "rule" in data:
            findings = findings.filter(rule=data["rule"])
        if data.get("state") == "open":
            findings = findings.open_questions()
        elif "state" in data:
            findings = findings.filter(state=data["state"])
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(findings, request, view=self)
        return paginator.get_paginated_response(FindingSerializer(page, many=True).data)


class FindingStepView(APIView):
    """One step of the follow-up; the subclass names the service and the right it needs."""

    action = Action.REVIEW
    step = None

    @extend_schema(request=StepSerializer, responses=FindingSerializer)
    def post(self, request, pk):
        finding = get_finding_for_user(request.user, pk)
        require(request.user, self.action, finding.province_id)
        body = StepSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        done = type(self).step(
            finding=finding, revision=body.validated_data["revision"], by=request.user, **self.text(body)
        )
        return Response(FindingSerializer(done).data)


class AskView(FindingStepView):
    step = staticmethod(services.ask)

    def text(self, body):
        return {"question": body.validated_data["text"]}


class AnswerView(FindingStepView):
    action = Action.EDIT
    step = staticmethod(services.answer)

    def text(self, body):
        return {"text": body.validated_data["text"]}


class CloseView(FindingStepView):
    step = staticmethod(services.close)

    def text(self, body):
        return {"comment": body.validated_data["text"]}
