"""Form 1 printed as PDF: read back with poppler's tools, as a reader of the PDF would see it.

pdftotext places Thai marks that the font raises (tone marks over upper vowels) on a line of
their own, so the ordered checks compare a "skeleton" of the text: NFKC-normalised, without
white space and without the Thai marks above and below the letters. Exact Thai strings are
checked too where pdftotext keeps them whole.
"""

import re
import subprocess
import unicodedata
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from PIL import Image

from labourplan.plans.models import PlanItem
from labourplan.plans.pdf import SARABUN_DIR, LocalFilesOnly, form1_context, render_form1_pdf
from labourplan.plans.services import add_item, add_topic, start_amendment, update_item
from labourplan.reference.models import Strategy

pytestmark = pytest.mark.django_db

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
TITLE = "แผนปฏิบัติการป้องกันการใช้แรงงานบังคับและการค้ามนุษย์ด้านแรงงานจังหวัดเชียงใหม่"
_MARKS_AND_SPACE = re.compile(r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\s]")


def skeleton(text: str) -> str:
    return _MARKS_AND_SPACE.sub("", unicodedata.normalize("NFKC", text))


def assert_in_order(text: str, expected: list[str]) -> None:
    """Each expected piece appears in the text, after the previous one."""
    haystack, position = skeleton(text), 0
    for piece in expected:
        found = haystack.find(skeleton(piece), position)
        assert found >= 0, f"{piece!r} not found after position {position} in:\n{text}"
        position = found + len(skeleton(piece))


def poppler(tool: str, pdf: bytes, tmp_path, *args: str) -> str:
    path = tmp_path / "form1.pdf"
    path.write_bytes(pdf)
    command = [tool, *args, str(path)] + (["-"] if tool == "pdftotext" else [])
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=60).stdout


def pdf_text(pdf: bytes, tmp_path) -> str:
    return poppler("pdftotext", pdf, tmp_path, "-layout")


def months(*values) -> str:
    return " ".join(str(v) for v in values)


THAI_RUN = re.compile(r"[\u0e00-\u0e7f]+")


def thai_strings(html: str) -> set[str]:
    """Every run of Thai letters that went into the document: the data and the fixed headings."""
    text = re.sub(r"<style.*?</style>|<[^>]+>", " ", html, flags=re.S)
    return set(THAI_RUN.findall(unescape(text)))


def assert_thai_strings_whole(html: str, pdf: bytes, tmp_path, *, which=lambda string: True) -> None:
    """pdftotext gives back each Thai string of the document as typed. Lines are joined as they
    break between Thai words; spaces inside a line are kept, so a word split in two is a failure."""
    text = poppler("pdftotext", pdf, tmp_path).replace("\n", "")
    strings = {string for string in thai_strings(html) if which(string)}
    missing = sorted(string for string in strings if string not in text)
    assert strings and not missing, f"{len(missing)} of {len(strings)} Thai strings not found whole: {missing[:20]}"


def with_sara_am(string: str) -> bool:
    return "\u0e33" in string


# The document ---------------------------------------------------------------------------------


def test_form1_prints_the_title_strategies_activities_and_totals_in_order(cm_plan, tmp_path):
    text = pdf_text(render_form1_pdf(cm_plan.current_version), tmp_path)

    # Real Thai characters come out, so the font is embedded with its Unicode map.
    assert "ยุทธศาสตร์ที่ 3 : การบังคับใช้กฎหมายอย่างมีประสิทธิภาพและประสิทธิผล" in text
    # SARA AM (ำ) survives copy and search as typed (it used to come back decomposed, "ํา").
    assert "ประจำปีงบประมาณ พ.ศ. 2570" in text
    assert "ต.ค. พ.ย. ธ.ค. ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย." in text
    for heading in ["ที่", "ประเด็นกิจกรรม", "โครงการ/กิจกรรม", "เป้าหมาย", "รวม", "หน่วย", "รับผิดชอบ"]:
        assert heading in text
    six, two = [6] * 10, [2] * 10
    assert_in_order(
        text,
        [
            "แบบฟอร์ม 1",
            TITLE,
            "ประจำปีงบประมาณ พ.ศ. 2570",
            "2569",
            "2570",
            "ยุทธศาสตร์ที่ 3 : การบังคับใช้กฎหมายอย่างมีประสิทธิภาพและประสิทธิผล",
            "5 การตรวจตามคำสั่ง คสช.",  # topics numbered as the template prints them, from 5
            "1) หาข่าว และกำหนดเป้าหมายการตรวจ",
            f"2) บูรณาการตรวจตามแผนที่กำหนดร่วมกัน - {months(*six)} - 60 ครั้ง สจจ.",
            f"- ตลาดสด - {months(*two)} - 20 ครั้ง",
            f"- ตลาดนัด - {months(*two)} - 20 ครั้ง",
            f"- หาบเร่แผงลอย - {months(*two)} - 20 ครั้ง",
            "ยุทธศาสตร์ที่ 4 : การเฝ้าระวังและป้องกันไม่ให้แรงงานกลุ่มเสี่ยงเข้าสู่กระบวนการค้ามนุษย์",
            "6 สร้างการรับรู้ให้กับแรงงาน",
            "1) จัดทำสื่อประชาสัมพันธ์",
            "- สื่อสิ่งพิมพ์ (แผ่นพับ/โปสเตอร์/ไวนิล) - - 1 - - - 1 - - - - - 2 ครั้ง",
            f"2) รณรงค์ ประชาสัมพันธ์ผ่านช่องทางอื่น ๆ - {months(*[1] * 10)} - 10 ครั้ง สจจ./สสค.",
            "7 ส่งเสริมแนวปฏิบัติการใช้",
            "ยุทธศาสตร์ที่ 5 : การพัฒนาเครือข่ายและบริหารข้อมูล",
            "8 จัดทำทะเบียนรายชื่อภาคี",
            "9 ส่งเสริม/สนับสนุน",
            "2) สร้างช่องทางการแจ้งเบาะแส",
            "ลงชื่อ",
            "ผู้เสนอแผน",
            "ลงชื่อ",
            "ผู้อนุมัติ",
            "แรงงานจังหวัดเชียงใหม่",
            "ผู้ว่าราชการจังหวัดเชียงใหม่",
        ],
    )
    # Strategies without topics print no heading; a draft has no dates to show.
    assert "ยุทธศาสตร์ที่ 1" not in text
    assert "อนุมัติแผนฉบับนี้" not in text
    assert "ฉบับแก้ไข" not in text


def _form1_html_and_pdf(plan, *, thai_digits):
    html = render_to_string("plans/form1_pdf.html", form1_context(plan.current_version, thai_digits=thai_digits))
    return html, render_form1_pdf(plan.current_version, thai_digits=thai_digits)


@pytest.fixture
def plan_with_sara_am(cm_plan, cm_editor):
    topic = cm_plan.current_version.topics.order_by("pk").first()
    for title in ["ตรวจแรงงานประมงน้ำจืด ทำประมงน้ำลึก", "กำหนดเป้าหมายร่วมกับกำนัน", "คำสั่งที่ ๑ ดำเนินการต่อ"]:
        add_item(topic=topic, title=title, unit="ครั้ง", by=cm_editor)
    return cm_plan


@pytest.mark.parametrize("thai_digits", [False, True])
def test_every_thai_word_with_sara_am_reads_back_whole_from_form1(plan_with_sara_am, tmp_path, thai_digits):
    """Copy and search find "ดำเนิน", "น้ำ", "กำหนด" as printed, not "ดาเนิน" or "ดํา" (issue 14)."""
    html, pdf = _form1_html_and_pdf(plan_with_sara_am, thai_digits=thai_digits)
    assert {"ตรวจแรงงานประมงน้ำจืด", "กำหนดเป้าหมายร่วมกับกำนัน", "ดำเนินการต่อ"} <= thai_strings(html)
    assert_thai_strings_whole(html, pdf, tmp_path, which=with_sara_am)
    assert "\u0e4d" not in poppler("pdftotext", pdf, tmp_path)  # no NIKHAHIT left over from a SARA AM


def test_every_thai_string_of_form1_reads_back_whole(plan_with_sara_am, tmp_path):
    """Every Thai string of the data and of the form's own headings, regular and bold, as printed."""
    html, pdf = _form1_html_and_pdf(plan_with_sara_am, thai_digits=False)
    assert_thai_strings_whole(html, pdf, tmp_path)


def test_thai_digits_print_every_number_in_thai(cm_plan, tmp_path):
    text = pdf_text(render_form1_pdf(cm_plan.current_version, thai_digits=True), tmp_path)

    assert_in_order(
        text,
        [
            "แบบฟอร์ม ๑",
            "ประจำปีงบประมาณ พ.ศ. ๒๕๗๐",
            "๒๕๖๙",
            "๒๕๗๐",
            "ยุทธศาสตร์ที่ ๓",
            "๕ การตรวจตามคำสั่ง คสช.",
            f"๒) บูรณาการตรวจตามแผนที่กำหนดร่วมกัน - {' '.join(['๖'] * 10)} - ๖๐ ครั้ง สจจ.",
            "ยุทธศาสตร์ที่ ๔",
            "๖ สร้างการรับรู้ให้กับแรงงาน",
            "หน้า ๑/๒",
            "หน้า ๒/๒",
        ],
    )
    assert not re.search(r"[0-9]", text), "an Arabic digit is left"


def test_the_page_is_a4_landscape(cm_plan, tmp_path):
    info = poppler("pdfinfo", render_form1_pdf(cm_plan.current_version), tmp_path, "-f", "1", "-l", "99")

    sizes = re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", info)
    rotations = re.findall(r"Page +\d+ rot: +(\d+)", info)
    assert len(sizes) == 2
    for (width, height), rotation in zip(sizes, rotations, strict=True):
        size = (round(float(width), 1), round(float(height), 1))
        assert size == ((841.9, 595.3) if rotation in {"0", "180"} else (595.3, 841.9))


def test_sarabun_is_embedded_and_no_other_font(cm_plan, tmp_path):
    listing = poppler("pdffonts", render_form1_pdf(cm_plan.current_version), tmp_path).splitlines()[2:]

    fonts = {line.split()[0].split("+", 1)[1]: line.split()[-5] for line in listing}  # name: "emb" column
    assert fonts == {"Sarabun": "yes", "Sarabun-Bold": "yes"}


def test_an_approved_version_shows_its_dates(approved_cm_plan, tmp_path):
    text = pdf_text(render_form1_pdf(approved_cm_plan.current_version), tmp_path)

    assert_in_order(
        text,
        [
            "ผู้เสนอแผน",
            "ผู้อนุมัติ",
            "แรงงานจังหวัดเชียงใหม่",
            "ผู้ว่าราชการจังหวัดเชียงใหม่",
            "วันที่ 10 ตุลาคม 2569",
            "วันที่ 20 ตุลาคม 2569",
            "ผู้ว่าราชการจังหวัดเชียงใหม่อนุมัติแผนฉบับนี้เมื่อวันที่ 20 ตุลาคม 2569",
        ],
    )


def test_an_amendment_says_so_under_the_title(approved_cm_plan, cm_editor, tmp_path):
    amendment = start_amendment(plan=approved_cm_plan, reason="เพิ่มเป้าหมายการตรวจ", by=cm_editor)

    text = pdf_text(render_form1_pdf(amendment), tmp_path)

    assert_in_order(text, [TITLE, "ประจำปีงบประมาณ พ.ศ. 2570", "ฉบับแก้ไขครั้งที่ 1", "ยุทธศาสตร์ที่ 3"])
    assert "อนุมัติแผนฉบับนี้" not in text  # the amendment is not approved yet
    thai = pdf_text(render_form1_pdf(amendment, thai_digits=True), tmp_path)
    assert_in_order(thai, ["ประจำปีงบประมาณ พ.ศ. ๒๕๗๐", "ฉบับแก้ไขครั้งที่ ๑"])


def test_typed_text_is_printed_as_text_not_markup(cm_plan, cm_editor, tmp_path):
    item = PlanItem.objects.filter(topic__version=cm_plan.current_version, parent=None).first()
    update_item(
        item=item, revision=item.revision, changes={"title": '<img src="http://example.com/x.png"> ตรวจ'}, by=cm_editor
    )

    text = pdf_text(render_form1_pdf(cm_plan.current_version), tmp_path)

    assert_in_order(text, ['1) <img src="http://example.com/', 'x.png"> ตรวจ'])


def test_only_the_forms_own_files_are_fetched():
    fetcher = LocalFilesOnly(SARABUN_DIR)

    assert fetcher.fetch((SARABUN_DIR / "Sarabun-Regular.ttf").as_uri()).read(4)
    for url in ["http://example.com/font.ttf", "file:///etc/passwd", (SARABUN_DIR.parent / "__init__.py").as_uri()]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_page_one_as_an_image_for_a_person_to_look_at(cm_plan, tmp_path):
    """Writes var/screenshots/form1-page1.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf = tmp_path / "form1.pdf"
    pdf.write_bytes(render_form1_pdf(cm_plan.current_version))
    target = SCREENSHOTS / "form1-page1"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(target)],
        check=True,
        timeout=60,
    )

    with Image.open(target.with_suffix(".png")) as image:
        width, height = image.size
        assert width > height  # landscape
        assert len(image.convert("L").getcolors(maxcolors=256 * 256)) > 2  # something is drawn


# The view -------------------------------------------------------------------------------------


def url(plan, **query):
    path = reverse("plan_pdf", args=[plan.pk])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize("user", ["cm_editor", "central_viewer"])
def test_the_province_and_the_centre_get_the_pdf_inline(client, request, cm_plan, user):
    client.force_login(request.getfixturevalue(user))

    response = client.get(url(cm_plan))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="form1-50-2570.pdf"'
    assert "private" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")


def test_another_province_gets_404(client, sk_editor, cm_plan):
    client.force_login(sk_editor)

    assert client.get(url(cm_plan)).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, cm_plan):
    response = client.get(url(cm_plan))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")


def test_thai_digits_on_request(client, cm_editor, cm_plan, tmp_path):
    client.force_login(cm_editor)

    text = pdf_text(client.get(url(cm_plan, digits="thai")).content, tmp_path)

    assert "๖๐" in text
    assert not re.search(r"[0-9]", text)


def test_an_earlier_version_by_number(client, cm_editor, approved_cm_plan, tmp_path):
    start_amendment(plan=approved_cm_plan, reason="เพิ่มเป้าหมายการตรวจ", by=cm_editor)
    client.force_login(cm_editor)

    current = client.get(url(approved_cm_plan))
    original = client.get(url(approved_cm_plan, version=1))

    assert current["Content-Disposition"] == 'inline; filename="form1-50-2570-v2.pdf"'
    assert_in_order(pdf_text(current.content, tmp_path), ["ฉบับแก้ไขครั้งที่ 1"])
    assert original["Content-Disposition"] == 'inline; filename="form1-50-2570.pdf"'
    original_text = pdf_text(original.content, tmp_path)
    assert "ฉบับแก้ไข" not in original_text
    assert "วันที่ 20 ตุลาคม 2569" in original_text
    assert client.get(url(approved_cm_plan, version="๑")).status_code == 200  # typed in Thai digits


@pytest.mark.parametrize("version", ["3", "0", "x", ""])
def test_a_version_that_does_not_exist_is_404(client, cm_editor, cm_plan, version):
    client.force_login(cm_editor)

    assert client.get(url(cm_plan, version=version)).status_code == 404


def test_only_get(client, cm_editor, cm_plan):
    client.force_login(cm_editor)

    assert client.post(url(cm_plan)).status_code == 405


def test_queries_do_not_grow_with_the_plan(client, cm_editor, cm_plan, django_assert_num_queries):
    client.force_login(cm_editor)
    # session, user, plan with its province, fiscal year and current version,
    # then the table: strategies, topics, items, their agencies; the export's audit entry.
    with django_assert_num_queries(8):
        client.get(url(cm_plan))

    version = cm_plan.current_version
    strategy = Strategy.objects.get(framework=cm_plan.fiscal_year.framework, number=1)
    for n in range(3):
        topic = add_topic(version=version, strategy=strategy, title=f"ประเด็นเพิ่มเติม {n}", by=cm_editor)
        for m in range(3):
            item = add_item(topic=topic, title=f"กิจกรรม {m}", unit="ครั้ง", by=cm_editor)
            update_item(item=item, revision=item.revision, changes={"target_1": 1}, by=cm_editor)

    with django_assert_num_queries(8):
        client.get(url(cm_plan))
