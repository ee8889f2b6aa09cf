"""Save the bundled Liberation Sans's advance widths beside it (kit/data/fonts/LiberationSans-*.metrics.json):

    python benchmarks/make_font_metrics.py [--check]

Why: fitting measures every line of a deck with these two fonts. Importing fontTools and reading the fonts
took about 4% of a plain `deck build`; loading the saved widths takes a millisecond. An agency template's own
font is still read with fontTools (kit/textfit.py, ``FontMetrics.read``). The widths are what fontTools
reads from the shipped .ttf files: --check reads them again and compares with the committed files, as
tests/test_deck_design.py does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kit.resources import data_path  # noqa: E402
from kit.textfit import BUNDLED, FontMetrics  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    args = parser.parse_args()
    stale = []
    for name in BUNDLED.values():
        target = data_path("fonts", f"{name}.metrics.json")
        text = FontMetrics.read(data_path("fonts", f"{name}.ttf")).as_json() + "\n"
        if args.check:
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                stale.append(target.name)
        else:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target}")
    if stale:
        sys.exit(f"out of date: {', '.join(stale)}; run python benchmarks/make_font_metrics.py")


if __name__ == "__main__":
    main()
