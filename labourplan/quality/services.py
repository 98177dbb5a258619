"""Running the checks and following a questionable value up: the centre asks, the province answers
or corrects, the centre closes. Views, API, commands and the demo all go through here."""

import logging
import threading
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from labourplan.accounts.permissions import Action, require
from labourplan.lib.errors import Conflict, ServiceError
from labourplan.notifications.services import central_administrators, notify, tell_province
from labourplan.plans import stamps as plan_stamps
from labourplan.quality import facts as facts_module
from labourplan.quality.checks import RuleSetting
from labourplan.quality.models import Finding, FindingState, Rule, Severity
from labourplan.quality.registry import RULES, default_settings, run

logger = logging.getLogger(__name__)


class QualityError(ServiceError):
    """A step of the follow-up that is not allowed now, said in Thai."""


__all__ = ["Conflict", "QualityError"]


def _stamp(obj, by):
    obj._history_user = by


def ensure_rules(fiscal_year) -> list[Rule]:
    """The fiscal year's rules, the missing ones created with their defaults (two queries once
    they exist)."""
    rules = {r.code: r for r in Rule.objects.filter(fiscal_year=fiscal_year)}
    missing = [
        Rule(
            fiscal_year=fiscal_year,
            code=s.code,
            threshold=s.threshold,
            severity=s.severity,
            message=s.message,
        )
        for s in default_settings()
        if s.code not in rules
    ]
    if missing:
        Rule.objects.bulk_create(missing, ignore_conflicts=True)
        rules = {r.code: r for r in Rule.objects.filter(fiscal_year=fiscal_year)}
    return [rules[code] for code in RULES if code in rules]


@transaction.atomic
def update_rule(*, rule: Rule, revision: int, by, enabled: bool, threshold: Decimal, severity: str, message: str):
    require(by, Action.ADMINISTER)
    current = Rule.objects.select_for_update().get(pk=rule.pk)
    if current.revision != revision:
        raise Conflict(current)
    if threshold is None or threshold < 0:
        raise QualityError(_("The threshold cannot be negative."))
    if severity not in Severity.values:
        raise QualityError(_("Choose a severity from the list."))
    if not message.strip():
        raise QualityError(_("Write the message the centre and the provinces read."))
    current.enabled, current.threshold, current.severity, current.message = (
        enabled,
        threshold,
        severity,
        message.strip(),
    )
    current.revision += 1
    _stamp(current, by)
    current.save()
    return current


def _key(plan_id, month_index, item_key, rule) -> tuple:
    return (plan_id, month_index, item_key or "", rule)


@transaction.atomic
def run_checks(*, fiscal_year, plan_ids=None) -> int:
    """Run every rule of the fiscal year on the figures sent (all plans, or those given) and record
    what they find. A value already asked about stays, marked as no longer found once corrected;
    one nobody followed up goes when the rules stop finding it. Returns the number found."""
    rules = ensure_rules(fiscal_year)
    settings_ = [RuleSetting(r.code, r.threshold, r.severity, r.message, r.enabled) for r in rules]
    by_code = {r.code: r for r in rules}
    everything = facts_module.load(fiscal_year)
    chosen = {pk: v for pk, v in everything.items() if plan_ids is None or pk in set(plan_ids)}
    existing = {
        _key(f.plan_id, f.month_index, f.item_key, f.rule): f
        for f in Finding.objects.filter(plan_id__in=list(chosen)).select_for_update()
    }
    seen, new, changed = set(), [], []
    for plan_id, (plan, facts) in chosen.items():
        titles = {row.key: row.title for row in facts.rows}
        for hit in run(facts, settings_):
            key = _key(plan_id, hit.month_index, hit.item_key, hit.rule)
            if key in seen:
                continue
            seen.add(key)
            values = {
                "severity": by_code[hit.rule].severity,
                "value": hit.value,
                "reference": hit.reference,
                "detail": hit.detail,
                "item_title": titles.get(hit.item_key or "", ""),
                "still_found": True,
            }
            finding = existing.get(key)
            if finding is None:
                new.append(
                    Finding(
                        fiscal_year=fiscal_year,
                        province_id=plan.province_id,
                        plan_id=plan_id,
                        month_index=hit.month_index,
                        item_key=hit.item_key or "",
                        rule=hit.rule,
                        **values,
                    )
                )
            elif any(getattr(finding, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(finding, name, value)
                changed.append(finding)
    gone = [f for key, f in existing.items() if key not in seen]
    Finding.objects.filter(pk__in=[f.pk for f in gone if f.state == FindingState.FOUND]).delete()
    for finding in gone:
        if finding.state != FindingState.FOUND and finding.still_found:
            finding.still_found = False
            changed.append(finding)
    Finding.objects.bulk_create(new)
    Finding.objects.bulk_update(changed, ["severity", "value", "reference", "detail", "item_title", "still_found"])
    # Bulk writes send no signal: renew the data token of each plan whose findings changed.
    plan_stamps.touch_many([f.plan_id for f in [*new, *changed, *gone]])
    return len(seen)


def check_after_submit(report) -> None:
    """Hooked to `submit_report`: the province's checks run once the report is committed, and a
    failure is logged, never shown to the officer who sent it. Reports sent in one transaction (the
    demo's year, a future import of several months) are checked in one run, not one run each: the
    first hook to run after the commit takes every plan waiting, the others find none."""
    pending = transaction.get_connection().run_on_commit
    if not any(hook is _check_waiting for _savepoints, hook, _robust in pending):
        _waiting.plans = {}  # what is left was rolled back with its transaction
    _waiting.plans.setdefault(report.plan.fiscal_year, set()).add(report.plan_id)
    transaction.on_commit(_check_waiting)


# The plans sent and not yet checked, per thread (a thread has its own connection, so its own
# transaction). One sent in a savepoint rolled back since is only checked once more: harmless.
_waiting = threading.local()


def _check_waiting() -> None:
    waiting, _waiting.plans = getattr(_waiting, "plans", {}), {}
    for fiscal_year, plan_ids in waiting.items():
        try:
            run_checks(fiscal_year=fiscal_year, plan_ids=sorted(plan_ids))
        except Exception:
            logger.exception("data-quality checks failed after the reports of plans %s were sent", sorted(plan_ids))


# --- the follow-up ------------------------------------------------------------------------------


def _locked(finding) -> Finding:
    return Finding.objects.select_for_update().select_related("province", "fiscal_year").get(pk=finding.pk)


def _path(finding) -> str:
    return reverse("quality:detail", args=[finding.pk])


def _title(finding) -> str:
    return _("Question on the data of %(province)s, %(rule)s") % {
        "province": finding.province,
        "rule": finding.get_rule_display(),
    }


@transaction.atomic
def ask(*, finding: Finding, revision: int, question: str, by) -> Finding:
    """The centre asks the province about a value (again, once answered)."""
    finding = _locked(finding)
    require(by, Action.REVIEW, finding.province_id)
    if finding.revision != revision:
        raise Conflict(finding)
    if finding.state == FindingState.CLOSED:
        raise QualityError(_("This question is closed."))
    if not question.strip():
        raise QualityError(_("Write the question for the province."))
    finding.state, finding.question = FindingState.QUESTIONED, question.strip()
    finding.questioned_at, finding.questioned_by = timezone.now(), by
    finding.revision += 1
    _stamp(finding, by)
    finding.save()
    with translation.override(settings.LANGUAGE_CODE):
        tell_province(
            province=finding.province,
            kind="quality_question",
            subject=_title(finding),
            body=f"{finding.detail}\n{finding.question}",
            path=_path(finding),
        )
    return finding


@transaction.atomic
def answer(*, finding: Finding, revision: int, text: str, by) -> Finding:
    """The province answers (having corrected the value in its report, or explaining it)."""
    finding = _locked(finding)
    require(by, Action.EDIT, finding.province_id)
    if finding.revision != revision:
        raise Conflict(finding)
    if finding.state not in (FindingState.QUESTIONED, FindingState.ANSWERED):
        raise QualityError(_("Only a question of the centre can be answered."))
    if not text.strip():
        raise QualityError(_("Write the answer for the centre."))
    finding.state, finding.answer = FindingState.ANSWERED, text.strip()
    finding.answered_at, finding.answered_by = timezone.now(), by
    finding.revision += 1
    _stamp(finding, by)
    finding.save()
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            recipients=central_administrators(),
            kind="quality_answer",
            subject=_("%(province)s answered a question on its data") % {"province": finding.province},
            body=finding.answer,
            path=_path(finding),
            province=finding.province,
        )
    return finding


@transaction.atomic
def close(*, finding: Finding, revision: int, comment: str = "", by) -> Finding:
    finding = _locked(finding)
    require(by, Action.REVIEW, finding.province_id)
    if finding.revision != revision:
        raise Conflict(finding)
    if finding.state == FindingState.CLOSED:
        raise QualityError(_("This question is closed already."))
    finding.state, finding.closing_comment = FindingState.CLOSED, comment.strip()
    finding.closed_at, finding.closed_by = timezone.now(), by
    finding.revision += 1
    _stamp(finding, by)
    finding.save()
    if finding.questioned_at:
        with translation.override(settings.LANGUAGE_CODE):
            tell_province(
                province=finding.province,
                kind="quality_closed",
                subject=_("The centre closed its question: %(title)s") % {"title": _title(finding)},
                body=finding.closing_comment,
                path=_path(finding),
            )
    return finding
