"""Make the fonts every printed page is set in (kit/data/fonts/DejaVuSans-Latin*.ttf) from DejaVu Sans 2.37:

    python benchmarks/make_print_fonts.py [--source DIR] [--check]

Why pre-subset fonts: WeasyPrint cuts each font it embeds down to the glyphs a PDF uses. Without the system's
HarfBuzz subsetter (libharfbuzz-subset0; a plain `pip install` lacks it) it does so with fontTools, which
decompiles the whole font, 6,000 glyphs and large layout tables, for every PDF: a season of 90 PDFs paid
nearly twice the time. Fonts that hold only the letters and signs our papers use, without the OpenType
layout tables (GSUB, GPOS, GDEF) that neither Latin text nor the PDF needs, cost fontTools almost nothing.

Coverage: Basic Latin, Latin-1 Supplement, Latin Extended-A (Polish, Czech, Hungarian, Turkish, Baltic
names), the Romanian comma-below letters, the Hawaiian okina, combining accents (names typed decomposed),
General Punctuation (Babel's times use U+202F and U+2009; dashes, quotes, bullets), the list markers
WeasyPrint draws (U+25E6, U+25AA), and a few signs (euro, trademark, arrows, minus, check mark). Text
outside it (Vietnamese, Greek, Cyrillic, CJK names in a roster) is set in a system font, as before.

The legacy 'kern' table is kept (HarfBuzz kerns with it when GPOS is absent); hinting is dropped
(WeasyPrint drops it from embedded fonts anyway). The output is byte-for-byte reproducible from the same
source files and fontTools: --check rebuilds and compares with the committed fonts.

Source: Debian's fonts-dejavu-core 2.37 (/usr/share/fonts/truetype/dejavu), the same files as the upstream
release dejavu-fonts-ttf-2.37. Licence: kit/data/fonts/LICENSE-DejaVu.txt (allows modified copies whose
names contain neither "Bitstream" nor "Vera").
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
from pathlib import Path

from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "kit" / "data" / "fonts"
SOURCE = Path("/usr/share/fonts/truetype/dejavu")
VERSION = "Version 2.37"

FACES = {  # source file -> shipped file
    "DejaVuSans.ttf": "DejaVuSans-Latin.ttf",
    "DejaVuSans-Bold.ttf": "DejaVuSans-Latin-Bold.ttf",
    "DejaVuSans-Oblique.ttf": "DejaVuSans-Latin-Oblique.ttf",
    "DejaVuSans-BoldOblique.ttf": "DejaVuSans-Latin-BoldOblique.ttf",
}

RANGES = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x0100, 0x017F),  # Latin Extended-A: Łukasz, Dvořák, Şahin, Ōta
    (0x0218, 0x021B),  # Romanian Ș ș Ț ț
    (0x02BB, 0x02BC),  # Hawaiian okina, modifier apostrophe
    (0x0300, 0x036F),  # combining accents
    (0x2000, 0x206F),  # General Punctuation: U+2009, U+202F in Babel's times; – — ‘ ’ “ ” • …
    (0x20AC, 0x20AC),  # €
    (0x2122, 0x2122),  # ™
    (0x2190, 0x2193),  # ← ↑ → ↓
    (0x2212, 0x2212),  # − minus
    (0x25AA, 0x25AA),  # ▪ WeasyPrint's "square" list marker
    (0x25E6, 0x25E6),  # ◦ WeasyPrint's "circle" list marker
    (0x2713, 0x2713),  # ✓
)


def codepoints() -> list[int]:
    return [c for start, end in RANGES for c in range(start, end + 1)]


def options() -> Options:
    chosen = Options()
    chosen.drop_tables += ["GSUB", "GPOS", "GDEF", "MATH", "FFTM"]
    chosen.legacy_kern = True
    chosen.hinting = False
    chosen.glyph_names = False
    chosen.notdef_outline = True  # a missing glyph draws a box, not nothing
    chosen.name_IDs = ["*"]  # keep the copyright and licence records
    chosen.name_languages = ["*"]
    return chosen


def subset(source: Path) -> bytes:
    font = TTFont(source, recalcTimestamp=False)  # the source's date: the same input gives the same bytes
    version = font["name"].getDebugName(5)
    if version != VERSION:
        raise SystemExit(f"{source}: {version}, expected DejaVu Sans {VERSION}")
    subsetter = Subsetter(options())
    subsetter.populate(unicodes=codepoints())
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="folder holding DejaVu Sans 2.37's .ttf files")
    parser.add_argument("--check", action="store_true", help="compare with the committed fonts; write nothing")
    args = parser.parse_args()
    differ = 0
    for name, shipped in FACES.items():
        made = subset(args.source / name)
        target = TARGET / shipped
        if args.check:
            same = target.is_file() and target.read_bytes() == made
            differ += not same
            print(f"{shipped}: {'same' if same else 'DIFFERS'}")
        else:
            target.write_bytes(made)
            print(f"{shipped}: {len(made) / 1024:.1f} KiB, sha256 {hashlib.sha256(made).hexdigest()[:16]}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
