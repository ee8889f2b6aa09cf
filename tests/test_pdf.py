"""HTML -> PDF: WeasyPrint loaded without ctypes' slow library search, and documents that differ only in their
swapped details laid out once, each PDF reading as that document printed alone (word by word, pixel by pixel)."""

from __future__ import annotations

import sys

import pytest
from pypdf import PdfReader

from printed import pdf_syntax_errors, pdf_words


def test_loading_weasyprint_leaves_ctypes_find_library_as_it_was():
    """WeasyPrint loads its libraries with ctypes' find_library silenced (kit/pdf.py); it is given back."""
    import ctypes.util

    from kit.pdf import _without_find_library, require_printing

    find_library = ctypes.util.find_library
    with _without_find_library():
        assert sys.platform != "linux" or ctypes.util.find_library("c") is None
    require_printing()
    assert ctypes.util.find_library is find_library


def _layouts(monkeypatch) -> list[str]:
    """The HTML of each document WeasyPrint lays out from now on."""
    from weasyprint import HTML

    laid_out, render = [], HTML.render
    monkeypatch.setattr(HTML, "render", lambda self, *args, **kwargs: laid_out.append(self) or render(self, *args,
                                                                                                        **kwargs))
    return laid_out


def _printed_alone(monkeypatch) -> list[str]:
    """The HTML of each document html_to_pdfs prints alone from now on."""
    from kit import pdf

    alone, html_to_pdf = [], pdf.html_to_pdf
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: alone.append(html) or html_to_pdf(html))
    return alone


def _square(fill: str) -> str:
    from urllib.parse import quote

    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2"><rect width="1" height="1" fill="{fill}"/></svg>'
    return "data:image/svg+xml," + quote(svg, safe="")


def test_documents_that_differ_only_in_swapped_spans_are_laid_out_once(tmp_path, monkeypatch):
    """html_to_pdfs lays out and draws such documents once, and each swapped span and image once per document: each
    PDF reads as WeasyPrint prints that document alone, word by word and pixel by pixel, with its own title, and
    is well formed. A text wider in print than the longest one is laid out again, with every document."""
    from kit.pdf import html_to_pdf, html_to_pdfs
    from printed import page_image

    page = ('<title>{title}</title><p>Starts at <span data-swap="start">{start}</span></p>'
            '<img data-swap="mark" src="{mark}" style="width: 20mm; height: 20mm; display: block">'
            '<p style="color: #555">Welcome, and why this talk · <span data-swap="s1">{s1}</span></p>'
            '<p>Nothing here changes.</p>' * 2)
    variants = [{"start": "6:30 PM", "s1": "minute 0-3 · 6:33 PM", "mark": _square("#000"), "title": "Evening"},
                {"start": "11:55 AM", "s1": "minute 0-3 · 11:58 AM", "mark": _square("#888"), "title": "Morning"},
                {"start": "9:00 AM", "s1": "minute 0-3 · 9:03 AM", "mark": _square("#000"), "title": "Nine"},
                {"start": "WWWWWW", "s1": "minute 0-3 · 9:03 AM", "mark": _square("#444"), "title": "Too wide"},
                {"start": "9:30 AM", "s1": "minute 0-3 · 9:33 AM", "mark": _square("#000"), "title": ""}]
    htmls = [page.format(**variant) for variant in variants]
    laid_out, alone = _layouts(monkeypatch), _printed_alone(monkeypatch)
    pdfs = html_to_pdfs(htmls)
    assert len(laid_out) == 2 and alone == []  # "WWWWWW" is shorter than "11:55 AM", and wider: laid out again
    for index, pdf in enumerate(pdfs):
        (tmp_path / "shared.pdf").write_bytes(pdf)
        (tmp_path / "alone.pdf").write_bytes(html_to_pdf(htmls[index]))
        assert pdf_syntax_errors(tmp_path / "shared.pdf") == []
        assert pdf_words(tmp_path / "shared.pdf") == pdf_words(tmp_path / "alone.pdf")
        shared, alone = (page_image(tmp_path / f"{name}.pdf", 1, tmp_path, dpi=50) for name in ("shared", "alone"))
        assert shared.tobytes() == alone.tobytes()
        assert PdfReader(tmp_path / "shared.pdf").metadata.title == (variants[index]["title"] or None)


def test_streams_compressed_once_for_all_documents_are_the_bytes_each_write_would_compress(monkeypatch):
    from kit import pdf

    page = '<title>{0}</title><p>Starts at <span data-swap="start">{0}</span></p><p>Nothing here changes.</p>'
    htmls = [page.format(start) for start in ("6:30 PM", "11:55 AM", "9:00 AM")]
    once = pdf.html_to_pdfs(htmls)
    monkeypatch.setattr(pdf, "_compress_once", lambda pdf: None)
    assert pdf.html_to_pdfs(htmls) == once


@pytest.mark.parametrize("style, texts", [("", ("Hall", "")), ("", ("Hall", "Main  Hall")),
                                          ("text-transform: uppercase", ("Hall", "Main Hall"))],
                         ids=["empty", "double space", "upper case"])
def test_a_swapped_text_that_layout_would_change_is_printed_alone(style, texts, tmp_path):
    from kit.pdf import html_to_pdf, html_to_pdfs

    page = '<p style="{}"><span data-swap="where">{}</span></p><p>After</p>'
    htmls = [page.format(style, text) for text in texts]
    for html, pdf in zip(htmls, html_to_pdfs(htmls), strict=True):
        (tmp_path / "shared.pdf").write_bytes(pdf)
        (tmp_path / "alone.pdf").write_bytes(html_to_pdf(html))
        assert pdf_words(tmp_path / "shared.pdf") == pdf_words(tmp_path / "alone.pdf")


def test_a_swapped_text_that_a_shorter_one_could_have_followed_up_a_line_prints_each_document_alone(tmp_path):
    """The longest name does not fit after the talk's title and starts the next line; a shorter one, printed
    alone, ends the title's line."""
    from kit.pdf import html_to_pdf, html_to_pdfs

    page = ('<p style="width: 80mm">Child sex and labor trafficking · <span data-swap="presenter" '
            'style="white-space: nowrap">{}</span></p><p>Venue,<br><span data-swap="address">{}</span></p>')
    htmls = [page.format(name, address) for name, address in (("Detective Kim Nguyen-Alvarez", "1 Elm Street"),
                                                               ("Kim Ng", "1200 Lakeview Parkway"))]
    for html, pdf in zip(htmls, html_to_pdfs(htmls), strict=True):
        (tmp_path / "shared.pdf").write_bytes(pdf)
        (tmp_path / "alone.pdf").write_bytes(html_to_pdf(html))
        assert pdf_words(tmp_path / "shared.pdf") == pdf_words(tmp_path / "alone.pdf")


def test_a_swapped_text_after_a_forced_line_break_shares_the_layout(monkeypatch):
    from kit.pdf import html_to_pdfs

    page = '<p style="width: 70mm">Lakeview Community Church, Fellowship Hall,<br><span data-swap="a">{}</span></p>'
    laid_out = _layouts(monkeypatch)
    html_to_pdfs([page.format(address) for address in ("1 Elm Street", "1200 Lakeview Parkway")])
    assert len(laid_out) == 1


def test_a_swapped_text_the_same_in_every_document_may_break_across_lines(tmp_path, monkeypatch):
    from kit.pdf import html_to_pdf, html_to_pdfs

    page = ('<p style="width: 30mm"><span data-swap="topic">Child sex and labor trafficking: what neighbors can do'
            '</span></p><p>Where: <span data-swap="where">{}</span></p>')
    htmls = [page.format(text) for text in ("Hall", "Library")]
    laid_out = _layouts(monkeypatch)
    pdfs = html_to_pdfs(htmls)
    assert len(laid_out) == 1
    for html, pdf in zip(htmls, pdfs, strict=True):
        (tmp_path / "shared.pdf").write_bytes(pdf)
        (tmp_path / "alone.pdf").write_bytes(html_to_pdf(html))
        assert pdf_words(tmp_path / "shared.pdf") == pdf_words(tmp_path / "alone.pdf")


def test_a_wider_text_that_would_break_in_a_layout_of_its_own_is_printed_alone(tmp_path, monkeypatch):
    """The W's are shorter than the i's but wider: laid out with them, they break, so the first layout stands and
    the W's are printed alone."""
    from kit.pdf import html_to_pdf, html_to_pdfs

    page = '<p style="width: 40mm"><span data-swap="where">{}</span></p><p>After</p>'
    htmls = [page.format(text) for text in ("i i i i i i i i i i i", "i i i", "W W W W W W W W W W")]
    laid_out, alone = _layouts(monkeypatch), _printed_alone(monkeypatch)
    pdfs = html_to_pdfs(htmls)
    assert len(laid_out) == 3 and alone == [htmls[2]]  # the i's, the W's (found broken), the W's alone
    for html, pdf in zip(htmls, pdfs, strict=True):
        (tmp_path / "shared.pdf").write_bytes(pdf)
        (tmp_path / "alone.pdf").write_bytes(html_to_pdf(html))
        assert pdf_words(tmp_path / "shared.pdf") == pdf_words(tmp_path / "alone.pdf")


def test_a_swapped_text_that_breaks_across_lines_prints_each_document_alone(tmp_path, monkeypatch):
    from kit.pdf import html_to_pdf, html_to_pdfs

    page = '<p style="width: 30mm">Where: <span data-swap="where">{}</span></p>'
    htmls = [page.format(text) for text in ("Hall", "The Lakeview Community Church, Fellowship Hall")]
    laid_out = _layouts(monkeypatch)
    pdfs = html_to_pdfs(htmls)
    assert len(laid_out) == 3  # the shared layout, found broken, then each alone
    for html, pdf in zip(htmls, pdfs, strict=True):
        (tmp_path / "shared.pdf").write_bytes(pdf)
        (tmp_path / "alone.pdf").write_bytes(html_to_pdf(html))
        assert pdf_words(tmp_path / "shared.pdf") == pdf_words(tmp_path / "alone.pdf")
