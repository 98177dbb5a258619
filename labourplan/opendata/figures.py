"""The figures the public may see, taken from the dashboard's national picture (the same
numbers, computed and cached once): only the fiscal years the centre has not withheld, only the
months that have ended, and the provinces' levels only of a frozen round the centre made public."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from labourplan.dashboard.national import NationalPicture, national_picture, picture_stamp
from labourplan.evaluation.services import RoundView, round_view
from labourplan.lib import fiscal
from labourplan.opendata.models import CatalogSettings, Publication
from labourplan.plans.models import Plan
from labourplan.reference.models import FiscalYear, Region


@dataclass
class YearFigures:
    fiscal_year: FiscalYear
    picture: NationalPicture
    months_ended: int
    levels: RoundView | None  # the public frozen round's results, when the centre chose so

    @property
    def year_be(self) -> int:
        return self.fiscal_year.year_be

    @property
    def year_ce(self) -> int:
        """The fiscal year in C.E., named (as the B.E. year is) by the year it ends in."""
        return self.fiscal_year.year_be - 543

    @property
    def months(self) -> list[tuple[int, str]]:
        """(index 1…12, "YYYY-MM") of the months that have ended."""
        return [(i + 1, f"{year:04d}-{month:02d}") for i, (year, month) in enumerate(self.fiscal_year.months)][
            : self.months_ended
        ]


def published_years(today: datetime.date | None = None) -> list[FiscalYear]:
    """The fiscal years begun by `today` with at least one plan, less those the centre withheld;
    the latest first. One query."""
    today = today or fiscal.bangkok_today()
    return list(
        FiscalYear.objects.filter(start_date__lte=today)
        .filter(Exists(Plan.objects.filter(fiscal_year=OuterRef("pk"))))
        .exclude(pk__in=Publication.objects.filter(withheld=True).values("fiscal_year_id"))
        .order_by("-year_be")
    )


def public_round(fiscal_year: FiscalYear):
    """The frozen round whose levels the centre made public this year, or None."""
    publication = (
        Publication.objects.filter(fiscal_year=fiscal_year, levels_round__frozen_at__isnull=False)
        .select_related("levels_round__scheme__fiscal_year")
        .first()
    )
    return publication.levels_round if publication else None


def year_figures(fiscal_year: FiscalYear) -> YearFigures:
    picture = national_picture(fiscal_year=fiscal_year)
    today = fiscal.bangkok_today(picture.as_of)
    round_ = public_round(fiscal_year)
    return YearFigures(
        fiscal_year=fiscal_year,
        picture=picture,
        months_ended=fiscal.months_ended(fiscal_year.year_be, today=today),
        levels=round_view(round_=round_) if round_ else None,
    )


def regions() -> list[Region]:
    return list(Region.objects.order_by("order"))


def publication_key(years: list[FiscalYear]) -> str:
    """Changes whenever any public figure or the catalog's metadata would: the national pictures'
    stamps of the published years and the centre's publishing choices."""
    stamps = [picture_stamp(year).key for year in years]
    choices = list(Publication.objects.order_by("pk").values_list("pk", "updated_at", "withheld", "levels_round_id"))
    catalog = CatalogSettings.objects.order_by("pk").values_list("updated_at", flat=True).first()
    text = repr((stamps, choices, catalog))
    return hashlib.sha256(text.encode()).hexdigest()[:32]
