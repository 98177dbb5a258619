"""Make the web fonts: Sarabun from the pinned fontpkg-sarabun package, cut to the characters the
pages write (Thai, Latin, digits, punctuation) and compressed as WOFF2.

The PDFs keep embedding the package's full TTF files (plans/pdf.py); only the browser gets these.
Run again after upgrading fontpkg-sarabun and commit the result:

    .venv/bin/python tools/subset_fonts.py
"""

from pathlib import Path

import fontpkg_sarabun
from fontTools import subset

SOURCE = Path(fontpkg_sarabun.__file__).resolve().parent / "files"
TARGET = Path(__file__).resolve().parent.parent / "labourplan" / "static" / "fonts" / "sarabun-web"
WEIGHTS = ["Regular", "SemiBold", "Bold"]  # 400, 600 (headings), 700 (badges, strong); no page sets italics
UNICODES = [
    *range(0x20, 0x7F),  # Basic Latin
    *range(0xA0, 0x100),  # Latin-1: no-break space, ×, ·, «»
    *range(0x0E00, 0x0E80),  # Thai, with Thai digits
    *range(0x2010, 0x2028),  # dashes, quotes, bullet, ellipsis
    *range(0x2030, 0x203B),  # per mille, primes, angle quotes
    0x20AC,  # euro
    0x20BF,
    0x0E3F,  # baht
    *range(0x2190, 0x2194),  # arrows
    0x2212,  # minus
    0x25CC,  # dotted circle: Thai marks shown alone
]


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    for weight in WEIGHTS:
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]  # Thai needs its mark positioning and contextual forms
        options.name_IDs = ["*"]  # keep the copyright and licence names (SIL OFL)
        options.notdef_outline = True
        font = subset.load_font(str(SOURCE / f"Sarabun-{weight}.ttf"), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=UNICODES)
        subsetter.subset(font)
        path = TARGET / f"Sarabun-{weight}.woff2"
        subset.save_font(font, str(path), options)
        print(f"{path.relative_to(TARGET.parent.parent.parent.parent)}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
