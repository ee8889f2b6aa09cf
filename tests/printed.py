"""Reading what the kit printed: PDF text, word positions, page sizes, QR codes, HTML table rows."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

MM = 72 / 25.4  # PDF points per millimetre


def pdf_text(pdf: Path, page: int | None = None, *, layout: bool = True) -> str:
    """The text; ``layout=False`` reads columns one after the other instead of line by line across the page."""
    options = (["-f", str(page), "-l", str(page)] if page else []) + (["-layout"] if layout else [])
    return subprocess.run(["pdftotext", *options, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


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


def row_numbers(pdf: Path) -> list[tuple[int, float]]:
    """(page, y) of each row number printed in the table's first column (within 21 mm of the page's left edge)."""
    return [(page, y) for page, x, y, word in pdf_words(pdf) if word.isdigit() and x < 21 * MM]


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


class _Rows(HTMLParser):
    def __init__(self):
        super().__init__()
        self.in_body, self.rows = False, []

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows.append([])
        elif tag == "td" and self.in_body:
            self.rows[-1].append("")

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_body = False

    def handle_data(self, data):
        if self.in_body and self.rows and self.rows[-1]:
            self.rows[-1][-1] += data


def table_rows(html: str) -> list[list[str]]:
    """The cells' text of each body row of the HTML's tables."""
    parser = _Rows()
    parser.feed(html)
    return parser.rows


def pdf_fonts(pdf: Path) -> set[str]:
    """The names of the fonts a PDF embeds, without their subset tags ("ABCDEF+")."""
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return names
