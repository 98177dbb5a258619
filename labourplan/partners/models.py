"""The province's partner-network register (ทะเบียนภาคีเครือข่าย), topic 8 of the plan.

It holds people's names and contacts: personal data under the PDPA. Only the province's own users
and the centre see it (labourplan.partners.access), every change is kept by the history, and every
export is written to the audit trail with its purpose.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from labourplan.reference.models import Province


class PartnerKind(models.TextChoices):
    GOVERNMENT = "government", _("Government agency")
    PRIVATE = "private", _("Private sector")
    CIVIL_SOCIETY = "civil_society", _("Civil society / NGO")
    COMMUNITY = "community", _("Community (village health volunteer, sub-district or village head, …)")


class LawfulBasis(models.TextChoices):
    """Why the office may hold the entry's personal data (PDPA B.E. 2562)."""

    PUBLIC_TASK = "public_task", _("Public task or official authority (PDPA section 24(4))")
    CONSENT = "consent", _("Consent of the person (PDPA section 19)")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest (PDPA section 24(5))")
    CONTRACT = "contract", _("Contract with the person (PDPA section 24(3))")


def review_cutoff(now=None):
    """Entries last confirmed before this are due for review (PARTNER_REVIEW_AFTER_DAYS)."""
    return (now or timezone.now()) - datetime.timedelta(days=settings.PARTNER_REVIEW_AFTER_DAYS)


class PartnerQuerySet(models.QuerySet):
    def due_for_review(self, now=None):
        """Entries nobody has confirmed (by editing them or saying they are still right) for too long."""
        return self.filter(confirmed_at__lt=review_cutoff(now))

    def search(self, text: str):
        """Partners whose name, contact, area, phone, e-mail, LINE ID or notes contain `text`."""
        text = text.strip()
        if not text:
            return self
        fields = ["name", "contact_person", "area", "phone", "email", "line_id", "notes"]
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": text})
        return self.filter(condition)


class Partner(models.Model):
    province = models.ForeignKey(Province, models.PROTECT, related_name="partners", verbose_name=_("province"))
    name = models.CharField(pgettext_lazy("network partner", "name"), max_length=300)
    kind = models.CharField(_("type"), max_length=20, choices=PartnerKind.choices)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    line_id = models.CharField(_("LINE ID"), max_length=100, blank=True)
    area = models.CharField(_("area"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    lawful_basis = models.CharField(
        _("lawful basis"), max_length=30, choices=LawfulBasis.choices, default=LawfulBasis.PUBLIC_TASK
    )
    confirmed_at = models.DateTimeField(_("last confirmed"), default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    objects = PartnerQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("network partner")
        verbose_name_plural = _("network partners")
        constraints = [
            models.UniqueConstraint(Lower("name"), "province", name="one_partner_name_per_province"),
        ]

    def __str__(self):
        return self.name

    @property
    def due_for_review(self) -> bool:
        return self.confirmed_at < review_cutoff()
