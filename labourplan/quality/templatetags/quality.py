"""The data-quality pieces pages include: a report's open questions, and a province's questions
with its score (one query, and five)."""

from django import template

from labourplan.quality.models import Finding
from labourplan.quality.score import scores

register = template.Library()


@register.inclusion_tag("quality/_report_questions.html", takes_context=True)
def report_questions(context, report):
    """The open questions of the centre on this report's month (one query; none for a report
    never sent, as the checks read only what was sent)."""
    if report.first_submitted_at is None:
        return {"findings": []}
    findings = list(
        Finding.objects.for_user(context["request"].user)
        .open_questions()
        .filter(plan_id=report.plan_id, month_index=report.month_index)
        .select_related("fiscal_year")
    )
    return {"findings": findings}


@register.inclusion_tag("quality/_province_quality.html", takes_context=True)
def province_quality(context, province, fiscal_year):
    """A province's open questions and its score for the fiscal year (five queries)."""
    if fiscal_year is None:
        return {"fiscal_year": None}
    findings = list(
        Finding.objects.for_user(context["request"].user)
        .open_questions()
        .filter(province=province, fiscal_year=fiscal_year)
        .select_related("fiscal_year")
    )
    return {
        "fiscal_year": fiscal_year,
        "province": province,
        "findings": findings,
        "score": scores(fiscal_year, province_ids=[province.pk]).get(province.pk),
    }
