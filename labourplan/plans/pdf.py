"""Form 1 printed as the official PDF (A4 landscape, Sarabun) for the governor's signature.

The page is HTML and CSS rendered by WeasyPrint. Every resource comes from the disk: the Sarabun
files of the pinned fontpkg-sarabun package, as lib.pdffont rebuilds them so that every Thai word
of the text layer reads back whole (SARA AM included), and the print stylesheet. Nothing is fetched from the
network, and a missing font stops the rendering rather than printing Thai in a fallback face.
"""

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import fontpkg_sarabun
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, path2url

from labourplan.lib.digits import to_thai_digits
from labourplan.lib.pdffont import font_files
from labourplan.lib.thaidate import format_date
from labourplan.plans.models import PlanVersion, VersionState
from labourplan.plans.table import load_table

SARABUN_DIR = Path(fontpkg_sarabun.__file__).resolve().parent / "files"


class _BuiltFontFiles(Mapping):
    """weight → Sarabun as lib.pdffont rebuilds it for PDFs (built on first use, then reused)."""

    def __getitem__(self, weight: str) -> Path:
        return font_files()[weight]

    def __iter__(self):
        return iter(font_files())

    def __len__(self) -> int:
        return len(font_files())


FONT_FILES = _BuiltFontFiles()
STYLESHEET = "css/print-form1.css"


class LocalFilesOnly(URLFetcher):
    """Fetch only files inside the given folders: no network, nothing else from the disk."""

    def __init__(self, *folders: Path):
        super().__init__(allowed_protocols={"file"}, fail_on_errors=True)
        self._prefixes = tuple(path2url(str(folder.resolve())).rstrip("/") + "/" for folder in folders)

    def fetch(self, url, headers=None):
        if not url.startswith(self._prefixes):
            raise ValueError(f"not a local resource of the form: {url}")
        return super().fetch(url, headers)


def html_to_pdf(html: str, *, stylesheets: list[Path] = ()) -> bytes:
    """Render an HTML page whose fonts and stylesheets are files from Sarabun's and the given folders."""
    fetcher = LocalFilesOnly(SARABUN_DIR, FONT_FILES["normal"].parent, *(path.parent for path in stylesheets))
    font_config = FontConfiguration()
    css = [CSS(filename=str(path), url_fetcher=fetcher, font_config=font_config) for path in stylesheets]
    return HTML(string=html, base_url=str(SARABUN_DIR), url_fetcher=fetcher).write_pdf(
        stylesheets=css, font_config=font_config
    )


# The page's content, with every number already written in the digits asked for --------------


@dataclass
class PrintedRow:
    kind: str  # "strategy", "activity" or "sub-item"
    title: str
    topic_number: str = ""
    topic_title: str = ""
    first_of_topic: bool = False
    number: str = ""
    months: tuple[str, ...] = ()
    total: str = ""
    unit: str = ""
    agencies: str = ""


def form1_context(version: PlanVersion, *, thai_digits: bool = False) -> dict:
    """What the Form 1 template prints, from `load_table` (a fixed number of queries)."""
    plan = version.plan
    fiscal_year = plan.fiscal_year
    framework = fiscal_year.framework

    def num(value) -> str:
        return to_thai_digits(value) if thai_digits else str(value)

    def target(value: int) -> str:
        return num(value) if value else "-"  # zero months are a dash on the printed form

    def date(value) -> str:
        return num(format_date(value, abbr=False)) if value else ""

    rows: list[PrintedRow] = []
    table = load_table(version)
    for block in table.strategies:
        if not block.topics:
            continue
        strategy = block.strategy
        rows.append(PrintedRow(kind="strategy", title=f"ยุทธศาสตร์ที่ {num(strategy.number)} : {strategy.name_th}"))
        for topic in block.topics:
            printed = [
                PrintedRow(
                    kind="activity" if level == 0 else "sub-item",
                    number=num(row.number),
                    title=row.item.title,
                    months=tuple(target(v) for v in row.item.targets),
                    total=target(row.total),
                    unit=row.item.unit,
                    agencies="/".join(a.abbreviation for a in row.item.ordered_agencies),
                )
                for activity in topic.rows
                for level, row in itertools.chain([(0, activity)], ((1, sub) for sub in activity.sub_items))
            ]
            if not printed:  # a topic without activities still prints its line
                printed = [PrintedRow(kind="activity", title="", months=("",) * 12)]
            printed[0].first_of_topic = True
            printed[0].topic_number = num(topic.number)
            printed[0].topic_title = topic.topic.title
            rows.extend(printed)

    headings = fiscal_year.month_headings()
    year_groups = [
        {"year": num(year), "span": len(list(months))}
        for year, months in itertools.groupby(headings, key=lambda h: h["year_be"])
    ]
    approved = version.state == VersionState.APPROVED
    return {
        "province": plan.province.name_th,
        "year": num(fiscal_year.year_be),
        "amendment": num(version.number - 1) if version.number > 1 else "",
        "framework": f"{framework.name_th} พ.ศ. {num(framework.first_year_be)}-{num(framework.last_year_be)}",
        "year_groups": year_groups,
        "months": [h["label"] for h in headings],
        "rows": rows,
        "submitted_on": date(version.submitted_on) if version.state != VersionState.DRAFT else "",
        "approved_on": date(version.approved_on) if approved else "",
        "thai_digits": thai_digits,
        "font_files": {weight: path2url(str(path)) for weight, path in FONT_FILES.items()},
    }


def render_form1_pdf(version: PlanVersion, *, thai_digits: bool = False) -> bytes:
    """Form 1 of a plan version as a PDF, ready for the governor's signature."""
    html = render_to_string("plans/form1_pdf.html", form1_context(version, thai_digits=thai_digits))
    return html_to_pdf(html, stylesheets=[Path(finders.find(STYLESHEET))])
