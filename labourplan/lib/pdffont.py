"""Sarabun as the PDFs embed it: the pinned fontpkg-sarabun files, rebuilt once so that the text
layer of a PDF gives back every Thai word whole, for search and for copy.

A PDF maps each glyph to its text once (the font's ToUnicode map). WeasyPrint writes that map
from the shaping clusters of the first place a glyph is drawn, which is right as long as a glyph
always stands for the same text. SARA AM (ำ) breaks that with the original files: HarfBuzz's Thai
shaper always draws ำ as NIKHAHIT + SARA AA (moving the NIKHAHIT under a tone mark: "น้ำ" is น,
NIKHAHIT-with-MAI-THO, SARA AA). The SARA AA glyph then stands for "า" in "ดา" and for "ำ" (or
"้ำ") in "ดำ", and the PDF can map it to only one of them: "ดำเนิน" read back as "ดาเนิน", or
"กาหนด" as "กำหนด". The rebuilt font draws the SARA AA of a SARA AM with its own copy of the glyph,
one per tone mark the NIKHAHIT carries (a GSUB rule run after Sarabun's own), so that every glyph
has one meaning and "ดำ", "น้ำ", "ดา" all map right. The printed page does not change.

Text extraction then has to put the characters in order, and it orders them by position (poppler,
which search and copy in many viewers use). A vowel or tone mark is a glyph without width drawn
from the end of its letter and moved by GPOS; where Sarabun moves it right of that end (by 1 to
40 font units, mostly in the Bold weight), it stands right of where the next letter starts, and
"ผู้บริหาร" came out as "ผูบ" and a lone "้". The rebuilt font moves those anchors back to
ROUNDING units before the letter's end, and draws a tone mark stacked on an upper vowel from
just after the vowel's position, not a unit before it ("เพิ่ม" read "เพ่ิม"): moves of at most
0.04 em, which do not show in print (compared on rendered pages, both weights).

Nothing is post-processed in the PDF: WeasyPrint embeds these files and writes their ToUnicode map
itself. The files are built once per process, on first use.
"""

from __future__ import annotations

import atexit
import copy
import functools
import shutil
import tempfile
from pathlib import Path

import fontpkg_sarabun
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otTables

SOURCE_DIR = Path(fontpkg_sarabun.__file__).resolve().parent / "files"
SOURCES = {"normal": "Sarabun-Regular.ttf", "bold": "Sarabun-Bold.ttf"}

SARA_AA = "uni0E32"
NIKHAHIT = "uni0E4D"
TONES = ("", "0E48", "0E49", "0E4A", "0E4B")  # the NIKHAHIT alone, or ligated with a tone mark


def _is_thai_mark(font: TTFont, name: str) -> bool:
    classes = font["GDEF"].table.GlyphClassDef.classDefs
    return name.startswith("uni0E") and classes.get(name) == 3 and font["hmtx"][name][0] == 0


def _add_glyph_copy(font: TTFont, source: str, name: str) -> None:
    order = font.getGlyphOrder()
    font["glyf"].glyphs[name] = copy.deepcopy(font["glyf"][source])
    font["hmtx"].metrics[name] = font["hmtx"][source]
    font.setGlyphOrder([*order, name])
    font["glyf"].glyphOrder = font.getGlyphOrder()
    classes = font["GDEF"].table.GlyphClassDef.classDefs
    if source in classes:
        classes[name] = classes[source]
    font["maxp"].numGlyphs = len(font.getGlyphOrder())


def _coverage(glyphs: list[str]) -> otTables.Coverage:
    coverage = otTables.Coverage()
    coverage.glyphs = glyphs
    return coverage


def _lookup(lookup_type: int, subtables: list) -> otTables.Lookup:
    lookup = otTables.Lookup()
    lookup.LookupType, lookup.LookupFlag = lookup_type, 0
    lookup.SubTable, lookup.SubTableCount = subtables, len(subtables)
    return lookup


def _separate_sara_am(font: TTFont) -> None:
    """SARA AA after a NIKHAHIT (alone or with a tone) becomes a copy of its own, per tone."""
    gsub = font["GSUB"].table
    lookups = gsub.LookupList.Lookup
    names = set(font.getGlyphOrder())
    chain_subtables = []
    for tone in TONES:
        nikhahits = [n for n in (NIKHAHIT + tone, NIKHAHIT + tone + ".narrow") if n in names]
        copy_name = f"{SARA_AA}.am{tone}"
        _add_glyph_copy(font, SARA_AA, copy_name)
        single = otTables.SingleSubst()
        single.Format, single.mapping = 1, {SARA_AA: copy_name}
        lookups.append(_lookup(1, [single]))
        record = otTables.SubstLookupRecord()
        record.SequenceIndex, record.LookupListIndex = 1, len(lookups) - 1
        chain = otTables.ChainContextSubst()
        chain.Format = 3
        chain.BacktrackCoverage, chain.LookAheadCoverage = [], []
        chain.InputCoverage = [_coverage(nikhahits), _coverage([SARA_AA])]
        chain.SubstLookupRecord = [record]
        chain.BacktrackGlyphCount, chain.InputGlyphCount, chain.LookAheadGlyphCount = 0, 2, 0
        chain.SubstCount = 1
        chain_subtables.append(chain)
    lookups.append(_lookup(6, chain_subtables))
    gsub.LookupList.LookupCount = len(lookups)
    # Run last in the features every Thai text gets, after Sarabun's NIKHAHIT + tone ligatures.
    for record in gsub.FeatureList.FeatureRecord:
        if record.FeatureTag == "ccmp":
            record.Feature.LookupListIndex.append(len(lookups) - 1)
            record.Feature.LookupCount = len(record.Feature.LookupListIndex)


ROUNDING = 2  # font units kept between a mark and the next letter, and a tone and its vowel: more than
# WeasyPrint's rounding of positions (it writes offsets in whole thousandths of an em)
TALL = {"uni0E1B", "uni0E1D", "uni0E1F", "uni0E2C"}  # ป ฝ ฟ ฬ: their upper marks are the .narrow ones


def _is_thai(name: str) -> bool:
    return name.startswith("uni0E") or name.endswith((".less", ".short"))  # ฐ ญ without tail, ฎ ฏ short


def _marks_met_on(base: str, mark: str) -> bool:
    """Whether Sarabun's GSUB puts this variant of a mark on this letter (the others never meet it)."""
    if not mark.startswith("uni0E") or mark.endswith(".small"):
        return False  # .small marks stand on another mark (mark to mark), not on the letter
    return mark.endswith(".narrow") == (base in TALL) or mark[:7] in {"uni0E38", "uni0E39", "uni0E3A"}


def _no_mark_right_of_its_letter_end(font: TTFont) -> None:
    """Where GPOS would place a Thai mark right of the end of its letter, move it back to that end.

    A mark has no width: it is drawn from the end of its letter and moved by GPOS. Moved right,
    it stands right of where the next letter starts, and text extraction, which orders letters by
    position, reads it after that letter ("ผูบ" and a lone "้" for "ผู้บ"). Sarabun does so by 1 to
    40 font units (0.04 em, the Bold weight, ร): moving those marks back does not show in print."""
    advance = {name: metrics[0] for name, metrics in font["hmtx"].metrics.items()}
    for lookup in font["GPOS"].table.LookupList.Lookup:
        if lookup.LookupType == 6:
            _tone_after_its_vowel(lookup)
        if lookup.LookupType != 4:
            continue
        for subtable in lookup.SubTable:
            marks = list(zip(subtable.MarkCoverage.glyphs, subtable.MarkArray.MarkRecord, strict=True))
            for base, record in zip(subtable.BaseCoverage.glyphs, subtable.BaseArray.BaseRecord, strict=True):
                if not _is_thai(base) or not advance[base]:
                    continue
                for mark_class, anchor in enumerate(record.BaseAnchor):
                    if anchor is None:
                        continue
                    right = max(
                        (
                            anchor.XCoordinate - advance[base] - mark.MarkAnchor.XCoordinate
                            for name, mark in marks
                            if mark.Class == mark_class and _marks_met_on(base, name)
                        ),
                        default=0,
                    )
                    if right > -ROUNDING:
                        record.BaseAnchor[mark_class] = moved = copy.deepcopy(anchor)
                        moved.XCoordinate -= right + ROUNDING


def _tone_after_its_vowel(lookup) -> None:
    """A tone mark stacked on an upper vowel ("ที่") is drawn from a position after the vowel's, so
    that text extraction reads the vowel first: GPOS put some a unit before it (0.001 em)."""
    for subtable in lookup.SubTable:
        tones = [
            (name, record)
            for name, record in zip(subtable.Mark1Coverage.glyphs, subtable.Mark1Array.MarkRecord, strict=True)
            if name.startswith("uni0E") and name.endswith(".small")
        ]
        for vowel, record in zip(subtable.Mark2Coverage.glyphs, subtable.Mark2Array.Mark2Record, strict=True):
            if not vowel.startswith("uni0E") or vowel.endswith(".narrow"):
                continue
            for mark_class, anchor in enumerate(record.Mark2Anchor):
                if anchor is None:
                    continue
                offsets = [
                    anchor.XCoordinate - tone.MarkAnchor.XCoordinate for _n, tone in tones if tone.Class == mark_class
                ]
                if offsets and -2 * ROUNDING <= min(offsets) < ROUNDING // 2:
                    record.Mark2Anchor[mark_class] = moved = copy.deepcopy(anchor)
                    moved.XCoordinate += ROUNDING // 2 - min(offsets)


def build(source: Path, target: Path) -> None:
    font = TTFont(source)
    _separate_sara_am(font)
    _no_mark_right_of_its_letter_end(font)
    font.save(target)


@functools.cache
def font_files() -> dict[str, Path]:
    """weight → the rebuilt Sarabun file, built on the first call of this process (about a second).

    Into a folder of this process's own (mkdtemp: private, unpredictable), never a shared path that
    another user of the machine could prepare, and removed when the process ends."""
    folder = Path(tempfile.mkdtemp(prefix="labourplan-sarabun-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    files = {}
    for weight, file_name in SOURCES.items():
        files[weight] = folder / file_name
        build(SOURCE_DIR / file_name, files[weight])
    return files
