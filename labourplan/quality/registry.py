"""Every data-quality rule, found by its code: the checks of one plan and the outliers."""

from labourplan.quality.checks import CHECKS, Hit, PlanFacts, Rule, RuleSetting
from labourplan.quality.outliers import OUTLIERS

RULES: dict[str, Rule] = {rule.code: rule for rule in (*CHECKS, *OUTLIERS)}


def default_settings() -> list[RuleSetting]:
    return [
        RuleSetting(rule.code, rule.default_threshold, rule.default_severity, rule.default_message)
        for rule in RULES.values()
    ]


def run(facts: PlanFacts, settings: list[RuleSetting]) -> list[Hit]:
    """Every enabled rule on one plan's figures."""
    hits = []
    for setting in settings:
        if setting.enabled and setting.code in RULES:
            hits.extend(RULES[setting.code].find(facts, setting.threshold))
    return hits
