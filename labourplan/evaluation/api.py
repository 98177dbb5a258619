"""The KPI evaluation's REST API under /api/evaluations/: a province's result in a round as of a
date, and the centre's round view. Both answer with the explanation the pages show
(`explain.explain`), so the figures and sentences are the same everywhere."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from labourplan.accounts.permissions import Action, get_province_for_user, require
from labourplan.evaluation import services
from labourplan.evaluation.explain import explain, level_descriptions
from labourplan.evaluation.models import ConditionKind, Scheme
from labourplan.lib.api_fields import ThaiDateField, validated
from labourplan.lib.fiscal import FISCAL_YEAR_HELP, bangkok_today
from labourplan.reference.models import Region


class ReportsFiguresSerializer(serializers.Serializer):
    """The monthly reports of the round that were due by the evaluation's date."""

    due = serializers.IntegerField(help_text="Reports of the round due by the evaluation's date.")
    submitted = serializers.IntegerField(help_text="Of those, submitted (on time or late).")
    late = serializers.IntegerField(help_text="Of those submitted, after their due date.")
    missing = serializers.IntegerField(help_text="Due and not submitted.")
    late_months = serializers.ListField(child=serializers.CharField(), help_text="The late months, as printed.")
    missing_months = serializers.ListField(child=serializers.CharField(), help_text="The missing months, as printed.")


class ConditionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ConditionKind.choices)
    requirement = serializers.CharField()
    met = serializers.BooleanField()
    threshold = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    value = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    finding = serializers.CharField()
    reports = ReportsFiguresSerializer(allow_null=True, help_text="For the monthly-reports condition; else null.")


class LevelSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    description = serializers.CharField()
    met = serializers.BooleanField()
    conditions = ConditionSerializer(many=True)


class GapStepSerializer(serializers.Serializer):
    activity = serializers.CharField(help_text="The activity's number in the plan, e.g. 3.1.")
    title = serializers.CharField()
    unit = serializers.CharField(help_text="The activity's unit of result, as the plan says it (ครั้ง, ราย, …).")
    amount = serializers.IntegerField(help_text="How many more results, in that unit.")
    text = serializers.CharField()


class GapSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ConditionKind.choices)
    text = serializers.CharField()
    steps = GapStepSerializer(
        many=True, source="step_details", help_text="The results still needed, activity by activity."
    )
    threshold = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    value = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    amount_baht = serializers.DecimalField(
        max_digits=16, decimal_places=2, allow_null=True, help_text="Baht still to disburse (disbursement gap)."
    )
    missing_months = serializers.ListField(
        child=serializers.CharField(), help_text="The monthly reports still missing (monthly-reports gap)."
    )
    reachable = serializers.BooleanField()


class ProjectionLineSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ConditionKind.choices)
    threshold = serializers.DecimalField(max_digits=5, decimal_places=2)
    projected = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    reaches = serializers.BooleanField()
    text = serializers.CharField()


class ProjectionSerializer(serializers.Serializer):
    months_of_data = serializers.IntegerField()
    months_in_round = serializers.IntegerField()
    activities_percent = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    disbursed_percent = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    level = serializers.IntegerField()
    lines = ProjectionLineSerializer(many=True)


class OverrideSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    reason = serializers.CharField()
    by = serializers.CharField()
    at = serializers.DateTimeField()


class ProvinceNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class EvaluationSerializer(serializers.Serializer):
    province = ProvinceNameSerializer()
    round = serializers.IntegerField()
    as_of = serializers.DateField()
    level = serializers.IntegerField(help_text="The level that counts: the centre's override, if any.")
    computed_level = serializers.IntegerField()
    max_level = serializers.IntegerField()
    provisional = serializers.BooleanField()
    frozen = serializers.BooleanField()
    override = OverrideSerializer(allow_null=True)
    score = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    activities_percent = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    disbursed_percent = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    reports = ReportsFiguresSerializer(
        allow_null=True, help_text="Monthly reports due, submitted, late and missing (null without that condition)."
    )
    levels = LevelSerializer(many=True)
    next_level = serializers.IntegerField(allow_null=True)
    gap = GapSerializer(many=True)
    projection = ProjectionSerializer(allow_null=True)


class RoundSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    frozen = serializers.BooleanField(source="is_frozen")
    frozen_as_of = serializers.DateField(allow_null=True)


class DistributionSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    provinces = serializers.IntegerField()


class RoundViewSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField(help_text=FISCAL_YEAR_HELP)
    round = RoundSerializer()
    as_of = serializers.DateField()
    distribution = DistributionSerializer(many=True)
    results = EvaluationSerializer(many=True)


class AsOfQuerySerializer(serializers.Serializer):
    as_of = ThaiDateField(required=False)


class RoundQuerySerializer(AsOfQuerySerializer):
    region = serializers.CharField(required=False, help_text="A region's code: only its provinces.")


PATH_PARAMETERS = [
    OpenApiParameter("year", int, OpenApiParameter.PATH, description=FISCAL_YEAR_HELP),
    OpenApiParameter("number", int, OpenApiParameter.PATH, description="The round's number in the year."),
]


def _round(year: int, number: int):
    scheme = get_object_or_404(Scheme.objects.select_related("fiscal_year"), fiscal_year__year_be=year)
    round_ = next((r for r in services.rounds_with_criteria(scheme) if r.number == number), None)
    if round_ is None:
        raise Http404
    return scheme, round_


class ProvinceEvaluationView(APIView):
    @extend_schema(parameters=[AsOfQuerySerializer, *PATH_PARAMETERS], responses=EvaluationSerializer)
    def get(self, request, year, number, code):
        """A province's result in a round: frozen when the round is, else computed ?as_of=<date> (today)."""
        province = get_province_for_user(request.user, code)
        query = validated(AsOfQuerySerializer, request, data=request.query_params)
        scheme, round_ = _round(year, number)
        result = services.province_result(round_=round_, province=province, as_of=query.get("as_of") or bangkok_today())
        body = explain(result, descriptions=level_descriptions(round_), show_score=scheme.show_score)
        return Response(EvaluationSerializer(body).data)


class RoundView(APIView):
    @extend_schema(parameters=[RoundQuerySerializer, *PATH_PARAMETERS], responses=RoundViewSerializer)
    def get(self, request, year, number):
        """Every province's result in a round (centre only), ?region=<code> and ?as_of=<date>."""
        require(request.user, Action.VIEW)
        query = validated(RoundQuerySerializer, request, data=request.query_params)
        scheme, round_ = _round(year, number)
        region = None
        if query.get("region"):
            region = get_object_or_404(Region, code=query["region"])
        view = services.round_view(
            round_=round_, as_of=query.get("as_of") or bangkok_today(), region_id=region.pk if region else None
        )
        descriptions = level_descriptions(round_)
        body = {
            "fiscal_year": year,
            "round": round_,
            "as_of": view.as_of,
            "distribution": [{"level": level, "provinces": count} for level, count in view.distribution],
            "results": [explain(r, descriptions=descriptions, show_score=scheme.show_score) for r in view.results],
        }
        return Response(RoundViewSerializer(body).data)
