"""What the centre decides about publishing: the catalog's metadata (the Thai Government Data
Catalog fields, see the reference `thai-gdc-dataset-metadata.md`) and, per fiscal year, whether
its figures are withheld and whether the provinces' KPI levels of a frozen round are public."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from labourplan.evaluation.models import Round
from labourplan.reference.models import FiscalYear


class UpdateFrequency(models.TextChoices):
    YEAR = "ปี", _("year")
    HALF_YEAR = "ครึ่งปี", _("half year")
    QUARTER = "ไตรมาส", _("quarter")
    MONTH = "เดือน", _("month")
    WEEK = "สัปดาห์", _("week")
    DAY = "วัน", _("day")


class GeoCoverage(models.TextChoices):
    COUNTRY = "ประเทศ", _("country")
    REGION = "ภาค", _("region")
    PROVINCE = "จังหวัด", _("province")


class Licence(models.TextChoices):
    CC_BY = "Creative Commons Attributions", "Creative Commons Attribution (CC BY 4.0)"
    CC_BY_SA = "Creative Commons Attribution Share-Alike", "Creative Commons Attribution Share-Alike (CC BY-SA 4.0)"
    ODC = "Open Data Common", "Open Data Commons"


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.ODC: "https://opendatacommons.org/licenses/by/1-0/",
}


class CatalogSettings(models.Model):
    """The one row of the catalog's metadata (an unsaved default until the centre saves it)."""

    publisher = models.CharField(
        _("publishing agency"), max_length=200, default="กองคุ้มครองแรงงานและสวัสดิการแรงงาน กระทรวงแรงงาน"
    )
    maintainer = models.CharField(
        _("contact person or unit"), max_length=200, default="ศูนย์ปฏิบัติการป้องกันและปราบปรามการค้ามนุษย์ด้านแรงงาน"
    )
    maintainer_email = models.EmailField(_("contact e-mail"), default="opendata@mol.go.th")
    description = models.TextField(
        _("description"),
        default="ตัวเลขระดับประเทศของแผนปฏิบัติการจังหวัดด้านการป้องกันและแก้ไขปัญหาการบังคับใช้แรงงานและการค้ามนุษย์ด้านแรงงาน "
        "ได้แก่ แผนที่ได้รับอนุมัติ รายงานที่ส่งตรงเวลา กิจกรรมที่ดำเนินการเทียบเป้าหมาย และงบประมาณที่เบิกจ่าย "
        "รายภาค รายจังหวัด รายเดือน",
    )
    keywords = models.CharField(
        _("keywords (comma-separated)"), max_length=300, default="แรงงานบังคับ,การค้ามนุษย์,แผนปฏิบัติการจังหวัด,กระทรวงแรงงาน"
    )
    objective = models.CharField(_("objective"), max_length=200, default="พันธกิจหน่วยงาน")
    update_frequency_unit = models.CharField(
        _("update frequency unit"), max_length=20, choices=UpdateFrequency.choices, default=UpdateFrequency.MONTH
    )
    update_frequency_interval = models.PositiveSmallIntegerField(_("update frequency interval"), default=1)
    geo_coverage = models.CharField(
        _("geographic coverage"), max_length=20, choices=GeoCoverage.choices, default=GeoCoverage.COUNTRY
    )
    data_source = models.CharField(
        _("data source"), max_length=300, default="ระบบรายงานแผนปฏิบัติการจังหวัด (แบบ 1 แบบ 2) กระทรวงแรงงาน"
    )
    license_id = models.CharField(_("licence"), max_length=60, choices=Licence.choices, default=Licence.CC_BY)
    accessible_condition = models.CharField(_("access conditions"), max_length=300, blank=True)
    more_info_url = models.URLField(_("URL for more information"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("open data catalog settings")
        verbose_name_plural = _("open data catalog settings")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "CatalogSettings":
        return cls.objects.order_by("pk").first() or cls()

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]

    @property
    def license_url(self) -> str:
        return LICENCE_URLS.get(self.license_id, "")


class PublicationQuerySet(models.QuerySet):
    def withheld_years(self) -> set[int]:
        return set(self.filter(withheld=True).values_list("fiscal_year__year_be", flat=True))


class Publication(models.Model):
    """The centre's choice for one fiscal year. Without a row a year's aggregates are public and
    the provinces' levels are not."""

    fiscal_year = models.OneToOneField(FiscalYear, models.CASCADE, related_name="+", verbose_name=_("fiscal year"))
    withheld = models.BooleanField(_("withhold this fiscal year's figures"), default=False)
    levels_round = models.ForeignKey(
        Round,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("frozen round whose provincial KPI levels are public"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year__year_be"]
        verbose_name = _("publication of a fiscal year")
        verbose_name_plural = _("publication of fiscal years")

    def __str__(self):
        return str(self.fiscal_year)

    def clean(self):
        round_ = self.levels_round
        if round_ is None:
            return
        if round_.scheme.fiscal_year_id != self.fiscal_year_id:
            raise ValidationError({"levels_round": _("The round must belong to this fiscal year.")})
        if round_.frozen_at is None:
            raise ValidationError({"levels_round": _("Only a frozen round's levels can be made public.")})
