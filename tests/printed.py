"""Reading what the kit printed: PDF text, word positions, page sizes, QR codes, lines on a page, a sheet's rows."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

MM = 72 / 25.4  # PDF points per millimetre


def pdf_text(pdf: Path, page: int | None = None, *, layout: bool = True) -> str:
    """The text; ``layout=False`` reads columns one after the other instead of line by line across the page."""
    options = (["-f", str(page), "-l", str(page)] if page else []) + (["-layout"] if layout else [])
    return subprocess.run(["pdftotext", *options, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def pdf_syntax_errors(pdf: Path) -> list[str]:
    """What poppler finds wrong while it reads every page's content (an unknown operator, a broken stream)."""
    result = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True)
    return result.stderr.splitlines()


def pdf_words(pdf: Path) -> list[tuple[int, float, float, str]]:
    """(page, x, y, word) for every word, in points from the page's top-left corner."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    words, page = [], 0
    for line in xml.splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', line)
        if match:
            words.append((page, float(match[1]), float(match[2]), match[3]))
    return words


def row_numbers(pdf: Path) -> list[tuple[int, float, int]]:
    """(page, y of its middle, number) of each row number printed in a sheet's first column (within 21 mm of the
    page's left edge)."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    numbers, page = [], 0
    for line in xml.splitlines():
        page += "<page " in line
        match = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(\d+)</word>', line)
        if match and float(match[1]) < 21 * MM:
            numbers.append((page, (float(match[2]) + float(match[3])) / 2, int(match[4])))
    return numbers


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    from pypdf import PdfReader

    return [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(pdf).pages]


def qr_codes(pdf: Path, page: int, tmp: Path) -> list:
    """Every barcode zxing-cpp finds on ``page`` rendered at 200 dpi."""
    import zxingcpp
    from PIL import Image

    stem = tmp / f"{pdf.stem}-qr"
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
                    str(stem)], check=True)
    return zxingcpp.read_barcodes(Image.open(stem.with_suffix(".png")))


@dataclass
class SheetRows:
    """A sign-up or sign-in sheet's writing rows as its HTML gives them."""

    headers: list[str] = field(default_factory=list)
    widths_mm: list[float] = field(default_factory=list)  # each column's, from its <col>
    rows: list[tuple[str, str]] = field(default_factory=list)  # (number, pre-filled name) of each row
    spans: list[int] = field(default_factory=list)  # each row's cell's colspan


class _Rows(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sheet, self.where = SheetRows(), None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "col":
            self.sheet.widths_mm.append(float(re.fullmatch(r"width: ([\d.]+)mm", attrs["style"])[1]))
        elif tag == "th":
            self.sheet.headers.append("")
            self.where = "th"
        elif tag == "td":
            self.sheet.rows.append(("", ""))
            self.sheet.spans.append(int(attrs.get("colspan", 1)))
            self.where = "number"
        elif tag == "span" and attrs.get("class") == "name":
            self.where = "name"

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self.where = None

    def handle_data(self, data):
        if self.where == "th":
            self.sheet.headers[-1] += data
        elif self.where in ("number", "name"):
            number, name = self.sheet.rows[-1]
            self.sheet.rows[-1] = (number + data.strip("\u2007"), name) if self.where == "number" else (number,
                                                                                                      name + data)


def sheet_rows(html: str) -> SheetRows:
    """The writing rows of a sign-up or sign-in sheet's HTML (its one table of rows)."""
    parser = _Rows()
    parser.feed(html[html.index('<table class="rows"'):])
    return parser.sheet


def page_image(pdf: Path, page: int, tmp: Path, dpi: int = 300):
    """``page`` rendered in greys at ``dpi``, as a PIL image."""
    from PIL import Image

    stem = tmp / f"{pdf.stem}-{page}-{dpi}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
                    str(stem)], check=True)
    return Image.open(stem.with_suffix(".pgm"))


def dark_lines(image, *, y: float | None = None, x: float | None = None, dpi: int = 300) -> list[float]:
    """Where lines cross the pixel row at ``y`` (or the pixel column at ``x``), in points: the middle of each run
    of dark pixels along it."""
    scale = dpi / 72
    if y is not None:
        pixels = [image.getpixel((i, round(y * scale))) for i in range(image.width)]
    else:
        pixels = [image.getpixel((round(x * scale), i)) for i in range(image.height)]
    runs, start = [], None
    for i, value in enumerate([*pixels, 255]):
        if value < 128 and start is None:
            start = i
        elif value >= 128 and start is not None:
            runs.append((start + i - 1) / 2 / scale)
            start = None
    return runs


def pdf_fonts(pdf: Path) -> set[str]:
    """The names of the fonts a PDF embeds, without their subset tags ("ABCDEF+")."""
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return names
