"""Markup rules that hold in every template (axe checks the rendered key pages in the browser
tests; these catch the same faults on pages that no browser test opens)."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "labourplan" / "templates"


def templates():
    return sorted(TEMPLATES.rglob("*.html"))


def test_no_table_heading_is_empty():
    # a column of buttons still says what it holds, to screen readers at least
    empty = [
        f"{p.relative_to(TEMPLATES)}: {m.group(0)}"
        for p in templates()
        for m in re.finditer(r"<th[^>]*>\s*</th>", p.read_text())
    ]
    assert not empty, "\n".join(empty)


def test_no_page_loads_htmx():
    # no page used it; a library loaded on every page must be used by some page (STYLE.md 16)
    assert not [p for p in templates() if "htmx" in p.read_text()]
    assert not (TEMPLATES.parent / "static" / "vendor" / "htmx").exists()


def test_links_carry_no_aria_role_of_a_list_item():
    # axe's aria-allowed-role: a link is a link; a list's items are <li> elements
    assert not [p for p in templates() if re.search(r'<a [^>]*role="listitem"', p.read_text())]
