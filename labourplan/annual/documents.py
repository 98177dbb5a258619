"""Form 3 as official documents: the PDF (A4 portrait, Sarabun 16 pt, the seed's headings) and an
editable Word file with the same content. One or many reports (the centre's national volume).

Both are built from `form3_content`, in which every number is already written in the digits asked
for and every narrative is split into escaped paragraphs and numbered lists (lib.narrative).
"""

import io
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from weasyprint.urls import path2url

from labourplan.annual.models import AnnualItem, AnnualReport
from labourplan.lib.digits import to_thai_digits
from labourplan.lib.narrative import Block, blocks
from labourplan.plans.pdf import FONT_FILES, html_to_pdf
from labourplan.reference.models import Strategy

STYLESHEET = "css/print-form3.css"
DOCX_FONT = "TH Sarabun New"  # the face Thai offices have; Word substitutes when it is missing
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE = "แบบรายงานสรุปผลการดำเนินงานประจำปี {year}"
SUBTITLE = "ศูนย์ปฏิบัติการป้องกันการค้ามนุษย์ด้านแรงงาน จังหวัด{province}"
SECTION_HEADINGS = ("บทสรุปผู้บริหาร", "ผลการดำเนินงาน", "ปัญหา/อุปสรรค (ถ้ามี)", "ข้อเสนอแนะ (ถ้ามี)")
NOTHING = "-"


@dataclass
class PrintedItem:
    number: str
    title: str
    figures: str
    narrative: list[Block]


@dataclass
class PrintedStrategy:
    heading: str
    items: list[PrintedItem]


@dataclass
class PrintedReport:
    title: str
    subtitle: str
    form_number: str
    summary: list[Block]
    strategies: list[PrintedStrategy]
    problems: list[Block]
    suggestions: list[Block]
    headings: list[str]


def _strategies_and_items(reports: list[AnnualReport]):
    """Strategies of each report's framework and every report's items: two queries for any number."""
    frameworks = {r.plan.fiscal_year.framework_id for r in reports}
    strategies: dict[int, list[Strategy]] = {}
    for strategy in Strategy.objects.filter(framework_id__in=frameworks).order_by("number"):
        strategies.setdefault(strategy.framework_id, []).append(strategy)
    items: dict[int, list[AnnualItem]] = {}
    for item in AnnualItem.objects.filter(report__in=reports).order_by("order", "pk"):
        items.setdefault(item.report_id, []).append(item)
    return strategies, items


def form3_content(reports: list[AnnualReport], *, thai_digits: bool = False) -> list[PrintedReport]:
    def num(value) -> str:
        return to_thai_digits(value) if thai_digits else str(value)

    def figures(item: AnnualItem) -> str:
        if item.item_key is None:
            return ""  # an item the officer added: no target in the plan
        percent = item.percent
        text = f"เป้าหมาย {num(f'{item.annual_target:,}')} {item.unit}".rstrip()
        text += f" ผลการดำเนินงาน {num(f'{item.result:,}')} {item.unit}".rstrip()
        if percent is not None:
            text += f" คิดเป็นร้อยละ {num(f'{percent:,.2f}')}"
        return text

    strategies, items = _strategies_and_items(reports)
    printed = []
    for report in reports:
        fiscal_year = report.plan.fiscal_year
        by_strategy: dict[int, list[AnnualItem]] = {}
        for item in items.get(report.pk, []):
            by_strategy.setdefault(item.strategy_id, []).append(item)
        printed.append(
            PrintedReport(
                title=TITLE.format(year=num(fiscal_year.year_be)),
                subtitle=SUBTITLE.format(province=report.plan.province.name_th),
                form_number=f"แบบฟอร์ม {num(3)}",
                summary=blocks(report.executive_summary, thai_digits=thai_digits),
                strategies=[
                    PrintedStrategy(
                        heading=f"ยุทธศาสตร์ที่ {num(strategy.number)} : {strategy.name_th}",
                        items=[
                            PrintedItem(
                                number=f"{num(n)})",
                                title=num(item.title),
                                figures=figures(item),
                                narrative=blocks(item.narrative, thai_digits=thai_digits),
                            )
                            for n, item in enumerate(by_strategy.get(strategy.pk, []), start=1)
                        ],
                    )
                    for strategy in strategies.get(fiscal_year.framework_id, [])
                ],
                problems=blocks(report.problems, thai_digits=thai_digits),
                suggestions=blocks(report.suggestions, thai_digits=thai_digits),
                headings=[f"{num(n)}. {heading}" for n, heading in enumerate(SECTION_HEADINGS, start=1)],
            )
        )
    return printed


# PDF ------------------------------------------------------------------------------------------


def render_form3_pdf(reports: list[AnnualReport], *, thai_digits: bool = False, title: str = "") -> bytes:
    content = form3_content(reports, thai_digits=thai_digits)
    html = render_to_string(
        "annual/form3_pdf.html",
        {
            "reports": content,
            "title": title or (content[0].title + " " + content[0].subtitle if content else ""),
            "thai_digits": thai_digits,
            "font_files": {weight: path2url(str(path)) for weight, path in FONT_FILES.items()},
        },
    )
    return html_to_pdf(html, stylesheets=[Path(finders.find(STYLESHEET))])


# Word -----------------------------------------------------------------------------------------


def _font(run_or_style, *, size: int = 16, bold: bool | None = None) -> None:
    font = run_or_style.font
    font.name = DOCX_FONT
    font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    r_pr = run_or_style.element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), DOCX_FONT)  # Thai is a complex script: Word reads w:cs
    # The complex-script size and bold too, each in its place in the schema's order (after w:sz, w:b).
    size_cs = r_pr.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = r_pr.makeelement(qn("w:szCs"), {})
        r_pr.find(qn("w:sz")).addnext(size_cs)
    size_cs.set(qn("w:val"), str(size * 2))
    if bold:
        r_pr.get_or_add_bCs()


def _paragraph(document, text: str = "", *, bold=False, align=None, indent_mm: float = 0, hanging_mm: float = 0):
    """A paragraph `indent_mm` from the margin; with `hanging_mm`, the first line holds a marker and
    a tab ("1)\tข้อความ"), and every line of the text starts at indent + hanging, aligned."""
    paragraph = document.add_paragraph()
    if text:
        _font(paragraph.add_run(text), bold=bold)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    if indent_mm or hanging_mm:
        # Always set with the hanging indent: a hanging indent from the margin itself is a first
        # line that starts left of the margin, outside the page's text area.
        paragraph.paragraph_format.left_indent = Mm(indent_mm + hanging_mm)
    if hanging_mm:
        paragraph.paragraph_format.first_line_indent = Mm(-hanging_mm)
        paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(indent_mm + hanging_mm))
    return paragraph


def _field_run(paragraph, *, char: str | None = None, instruction: str = "", text: str = ""):
    run = paragraph.add_run(text)
    _font(run, size=14)
    if char:
        run._r.append(run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): char}))
    if instruction:
        code = run._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
        code.text = instruction
        run._r.append(code)


def _page_numbers(section, *, thai_digits: bool) -> None:
    """A PAGE field centred in the footer, as the PDF's. In Thai digits on request, as the section's
    page number format ("thaiNumbers", which Word shows as ๑, ๒, ๓; LibreOffice, which has no such
    format, shows 1, 2, 3: the right numbers still)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field_run(paragraph, char="begin")
    _field_run(paragraph, instruction=" PAGE ")
    _field_run(paragraph, char="separate")
    _field_run(paragraph, text="๑" if thai_digits else "1")  # shown until the field is updated
    _field_run(paragraph, char="end")
    if thai_digits:
        number_format = section._sectPr.makeelement(qn("w:pgNumType"), {qn("w:fmt"): "thaiNumbers"})
        columns = section._sectPr.find(qn("w:cols"))  # the schema puts pgNumType before cols
        if columns is not None:
            columns.addprevious(number_format)
        else:
            section._sectPr.append(number_format)


def _narrative(document, narrative: list[Block], *, indent_mm: float, first_line_mm: float = 12.5) -> None:
    """Paragraphs with their first line indented (a section's text, as Thai letters are written), or
    flush (an item's notes, whose "- " lines then stand one under the other, as in the PDF)."""
    if not narrative:
        _paragraph(document, NOTHING, indent_mm=indent_mm)
    for block in narrative:
        if block.kind == "list":
            for marker, text in block.items:
                _paragraph(document, f"{marker}\t{text}", indent_mm=indent_mm, hanging_mm=7)
        else:
            paragraph = _paragraph(document, indent_mm=indent_mm)
            if first_line_mm:
                paragraph.paragraph_format.first_line_indent = Mm(first_line_mm)
            for index, line in enumerate(block.lines):
                run = paragraph.add_run(line)
                _font(run)
                if index < len(block.lines) - 1:
                    run.add_break(WD_BREAK.LINE)


def render_form3_docx(reports: list[AnnualReport], *, thai_digits: bool = False, progress=None) -> bytes:
    """Form 3 as a Word file, one report after another. `progress(done, total)`, if given, hears
    of each report written (a background job shows it)."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin, section.bottom_margin = Mm(25), Mm(20)
    _page_numbers(section, thai_digits=thai_digits)
    normal = document.styles["Normal"]
    _font(normal)
    # Thai as the complex-script language, so that Word breaks Thai lines between words.
    normal.element.get_or_add_rPr().append(normal.element.makeelement(qn("w:lang"), {qn("w:bidi"): "th-TH"}))
    printed_reports = form3_content(reports, thai_digits=thai_digits)
    for index, printed in enumerate(printed_reports):
        if progress is not None:
            progress(index, len(printed_reports))
        if index:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _paragraph(document, printed.form_number, align=WD_ALIGN_PARAGRAPH.RIGHT)
        _paragraph(document, printed.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _paragraph(document, printed.subtitle, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _paragraph(document)
        _paragraph(document, printed.headings[0], bold=True)
        _narrative(document, printed.summary, indent_mm=0)
        _paragraph(document, printed.headings[1], bold=True)
        for strategy in printed.strategies:
            _paragraph(document, strategy.heading, bold=True, indent_mm=5)
            if not strategy.items:
                _paragraph(document, NOTHING, indent_mm=10)
            for item in strategy.items:
                _paragraph(document, f"{item.number}\t{item.title}", indent_mm=5, hanging_mm=7)
                if item.figures:
                    _paragraph(document, item.figures, indent_mm=12)
                if item.narrative:
                    _narrative(document, item.narrative, indent_mm=12, first_line_mm=0)
        _paragraph(document, printed.headings[2], bold=True)
        _narrative(document, printed.problems, indent_mm=0)
        _paragraph(document, printed.headings[3], bold=True)
        _narrative(document, printed.suggestions, indent_mm=0)
    document.core_properties.title = TITLE.format(year="")
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
