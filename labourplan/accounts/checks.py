from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def two_factor_in_production(app_configs, **kwargs):
    if getattr(settings, "PRODUCTION", False) and not settings.TWO_FACTOR_REQUIRED:
        return [
            Warning(
                "TWO_FACTOR_REQUIRED is off in production: central accounts sign in with a password alone.",
                hint="Unset TWO_FACTOR_REQUIRED (it is on by default).",
                id="labourplan.W001",
            )
        ]
    return []
