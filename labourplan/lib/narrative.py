"""Narratives typed by officers: plain text with paragraphs and numbered lists, never markup.

What is stored is plain text: `clean` drops anything that looks like an HTML tag and every
control character. What is shown is built here from that text, every piece escaped, so neither
a page, the PDF nor the Word file ever renders markup or script a user typed. The structure is a
tiny convention officers already follow in Word: a blank line starts a new paragraph, and lines
starting with a number ("1)", "๑.", "(2)") make a numbered list.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString

from labourplan.lib.digits import to_thai_digits

MAX_LENGTH = 20_000
_BREAK = SafeString("<br>")
_NUMBERED = re.compile(r"^\s*(\(?[0-9๐-๙]{1,3}[.)])\s+(\S.*)$")


def _control(char: str) -> bool:
    return char not in "\n\t" and unicodedata.category(char) in {"Cc", "Cf"} and char != "\u200b"


def clean(text: str | None) -> str:
    """The narrative as stored: tags stripped, control characters gone, lines trimmed."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    previous = None
    while previous != text:  # "<scr<script>ipt>" leaves a tag after one pass
        previous, text = text, strip_tags(text)
    text = "".join(" " if c == "\t" else c for c in text if not _control(c))
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()[:MAX_LENGTH]


@dataclass
class Block:
    kind: str  # "paragraph" (its lines) or "list" (its items, each (marker, text))
    lines: list[str] = field(default_factory=list)
    items: list[tuple[str, str]] = field(default_factory=list)


def blocks(text: str, *, thai_digits: bool = False) -> list[Block]:
    """Paragraphs and numbered lists of a narrative, every digit in Thai digits on request."""
    result: list[Block] = []
    current: Block | None = None
    text = clean(text)
    if thai_digits:
        text = to_thai_digits(text)
    for line in text.split("\n"):
        if not line.strip():
            current = None
            continue
        numbered = _NUMBERED.match(line)
        if numbered:
            marker = numbered[1]
            if current is None or current.kind != "list":
                current = Block(kind="list")
                result.append(current)
            current.items.append((marker, numbered[2].strip()))
        elif current is not None and current.kind == "list":
            marker, item = current.items[-1]  # a wrapped line continues the item above
            current.items[-1] = (marker, f"{item} {line.strip()}")
        else:
            if current is None:
                current = Block(kind="paragraph")
                result.append(current)
            current.lines.append(line.strip())
    return result


def to_html(text: str, *, thai_digits: bool = False) -> SafeString:
    """The narrative as HTML built from escaped pieces only."""
    parts = []
    for block in blocks(text, thai_digits=thai_digits):
        if block.kind == "list":
            items = format_html_join(
                "", '<li><span class="lp-marker">{}</span> {}</li>', ((m, t) for m, t in block.items)
            )
            parts.append(format_html('<ol class="lp-numbered">{}</ol>', items))
        else:
            lines = format_html_join(_BREAK, "{}", ((line,) for line in block.lines))
            parts.append(format_html("<p>{}</p>", lines))
    return format_html_join("", "{}", ((part,) for part in parts))
