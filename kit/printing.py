"""What every printed page shares: templates, HTML -> PDF, paper sizes and QR codes."""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Mapping, Sequence

import jinja2
from markupsafe import Markup

from .errors import KitWarning, RenderError
from .files import write_bytes, write_text
from .languages import ENGLISH, Language, language
from .profile import Branding
from .resources import data_path, template_path

# CSS page sizes; WeasyPrint knows both names.
PAPERS = {"letter": "letter", "a4": "A4"}
# The font of every printed text (kit/data/fonts/print-fonts.css, print.css), for what the stylesheet cannot
# reach: the report's SVG charts. A system sans-serif font sets what the kit's font lacks.
FONT_FAMILY = '"Blockwatch Sans", sans-serif'


@dataclass(frozen=True)
class Printed:
    """One document written twice: HTML to check or e-mail, PDF to print."""

    html: Path
    pdf: Path


def check_paper(paper: str) -> str:
    if paper not in PAPERS:
        raise RenderError(f"unknown paper size '{paper}'; use one of: {', '.join(PAPERS)}")
    return paper


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_path("print"))),
        autoescape=True,  # every name on a sheet may come from a resident's CSV
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@lru_cache(maxsize=1)
def _print_css() -> str:
    return template_path("print", "print.css").read_text(encoding="utf-8")


class PrintingUnavailable(RenderError):
    """WeasyPrint cannot load the system's text libraries (Pango and what it needs): no PDF can be made."""

    def __init__(self, missing: str):
        self.missing = missing
        super().__init__(f"cannot make PDFs: WeasyPrint could not load {missing}", hint="print-libraries")


class PrintingSkipped(KitWarning):
    """What a job left out because no PDF can be made; ``hint`` is the error's install advice."""

    EVERYTHING = "every PDF (sheets, cards, handouts, the presenter's scripts and take-homes, the report)"

    def __init__(self, problem: PrintingUnavailable, skipped: str = EVERYTHING):
        super().__init__(f"skipped {skipped}: WeasyPrint could not load {problem.missing}")
        self.hint = problem.hint


@lru_cache(maxsize=1)
def _load_weasyprint() -> ModuleType | str:
    """WeasyPrint, or the library it could not load; tried once a process (a failed import would be tried
    again in full, and print WeasyPrint's notice again)."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # WeasyPrint prints its own multi-line notice first
            try:
                with _without_find_library():
                    import weasyprint
            except OSError:  # a library only find_library locates: load as WeasyPrint would on its own
                for name in [name for name in sys.modules if name.partition(".")[0] == "weasyprint"]:
                    del sys.modules[name]
                import weasyprint
    except OSError as exc:  # cffi could not dlopen Pango, GObject, fontconfig or pangoft2
        named = re.search(r"cannot load library '([^']+)'", str(exc))
        return f"the system library '{named[1]}'" if named else "the system's Pango libraries"
    return weasyprint


@contextlib.contextmanager
def _without_find_library():
    """On Linux, ctypes' find_library answers None while WeasyPrint loads its libraries.

    WeasyPrint tries each library under several names (``libpango-1.0-0``, ``pango-1.0``, ...) before the one
    Linux's loader knows (``libpango-1.0.so.0``); for each miss cffi asks find_library, which runs ldconfig
    and gcc: a third of a second before every printing command, and before a season's workers can start.
    """
    if sys.platform != "linux":
        yield
        return
    import ctypes.util

    find_library = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = find_library


def printing_unavailable() -> PrintingUnavailable | None:
    """Why no PDF can be made on this machine, or None: for jobs that go on without their papers."""
    loaded = _load_weasyprint()
    return PrintingUnavailable(loaded) if isinstance(loaded, str) else None


def require_printing() -> ModuleType:
    """WeasyPrint, loaded; a job that prints calls this before it writes anything."""
    loaded = _load_weasyprint()
    if isinstance(loaded, str):
        raise PrintingUnavailable(loaded)
    return loaded


@lru_cache(maxsize=1)
def _pdf_setup():
    """One font configuration, the kit's fonts and the print stylesheet parsed with it, for every PDF this
    process writes.

    A season prints hundreds of pages: building WeasyPrint's font map and parsing the stylesheet once per
    process, not once per PDF, saves about a tenth of the printing time. The fonts are the kit's own, cut
    down to Latin scripts (``kit/data/fonts``): without the system's HarfBuzz subsetter WeasyPrint cuts each
    font it embeds with fontTools, which costs little on these and much on a full system font.
    """
    weasyprint = require_printing()
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    faces = weasyprint.CSS(filename=str(data_path("fonts", "print-fonts.css")), font_config=fonts)
    return fonts, [faces, weasyprint.CSS(string=_print_css(), font_config=fonts)]


def render_html(template: str, *, paper: str, branding: Branding, inline_css: bool = True, draft: bool = False,
                words: Language | None = None, **context) -> str:
    """Render ``kit/templates/print/<template>``; with the print stylesheet inlined the HTML stands alone.
    ``draft``: every page carries the DRAFT mark (base.html.j2), as it may show a kit's placeholders. ``words``:
    the page's language (English by default); templates print its texts with ``say("print.group")``."""
    words = words or language(ENGLISH)
    try:
        return _environment().get_template(template).render(
            css=Markup(_print_css()) if inline_css else "", paper=paper, page_size=PAPERS[check_paper(paper)],
            primary=f"#{branding.primary}", accent=f"#{branding.accent}", draft=draft, words=words, say=words.say,
            lang=words.tag, page_counter=page_counter(words.say("print.page", page="{page}", pages="{pages}")),
            **context)
    except jinja2.TemplateError as exc:
        raise RenderError(f"template {template} failed ({exc}); reinstall blockwatch-kit") from None


def page_counter(text: str) -> Markup:
    """'Página {page} de {pages}' as CSS content: '"Página " counter(page) " de " counter(pages)'."""
    parts = re.split(r"(\{pages?\})", text)
    return Markup(" ".join(f"counter({part[1:-1]})" if part in ("{page}", "{pages}")
                           else json.dumps(part, ensure_ascii=False) for part in parts if part))


def html_to_pdf(html: str) -> bytes:
    """``html`` rendered with ``inline_css=False``: the fonts and the parsed print stylesheet are added here."""
    weasyprint = require_printing()  # heavy: loaded only when a PDF is wanted
    fonts, stylesheets = _pdf_setup()
    return weasyprint.HTML(string=html, base_url=str(template_path("print"))).write_pdf(
        stylesheets=stylesheets, font_config=fonts)


def html_to_pdfs(html: str, variants: Sequence[Mapping[str, str]]) -> list[bytes]:
    """One PDF per variant of ``html`` (rendered with ``inline_css=False``), all from one layout and one drawing:
    a variant maps the ``data-swap`` key of each ``<span data-swap="KEY">`` to the text the span shows in its PDF.

    A presenter's scripts for one talk differ only in their clock times. So the pages are laid out and drawn
    once; only each span's text is drawn once per variant, and each PDF is written with its variant's text
    (``_Variants``). Other text stays where it was laid out: each span must end its line and keep to one line
    (``white-space: nowrap``), so that nothing follows it on its line to move. WeasyPrint shapes a text box again
    from its layout's text when it draws it (``Layout.reactivate``).
    """
    if not variants:
        return []
    weasyprint = require_printing()
    from weasyprint import DEFAULT_OPTIONS, draw
    from weasyprint.formatting_structure.boxes import TextBox

    fonts, stylesheets = _pdf_setup()
    document = weasyprint.HTML(string=html, base_url=str(template_path("print"))).render(
        stylesheets=stylesheets, font_config=fonts)
    keys = {id(box): box.element.get("data-swap") for page in document.pages
            for box in page._page_box.descendants() if isinstance(box, TextBox) and box.element is not None
            and box.element.get("data-swap")}
    drawn: list[_Variants] = []
    draw_text = draw.draw_text

    def draw_each_variant(stream, box, *args):
        if id(box) not in keys:
            return draw_text(stream, box, *args)
        versions = []
        for variant in variants:
            box.text = box.pango_layout.text = variant[keys[id(box)]]
            part = stream.clone()  # the page's fonts and resources: every variant's glyphs are embedded
            draw_text(part, box, *args)
            versions.append(part.stream)
        drawn.append(_Variants(versions))
        stream.stream.append(drawn[-1])

    pdfs: list[bytes] = []

    def write_all_but_last(_document, pdf) -> None:
        for index in range(len(variants) - 1):
            for span in drawn:
                span.shown = index
            pdfs.append(_written(pdf, DEFAULT_OPTIONS))
        for span in drawn:
            span.shown = len(variants) - 1

    draw.draw_text = draw_each_variant
    try:
        last = document.write_pdf(finisher=write_all_but_last)
    finally:
        draw.draw_text = draw_text
    return [*pdfs, last]


class _Variants:
    """A span's text as drawn for each variant, in a page's content stream: ``shown`` picks the one written.

    pydyf writes each item of a content stream with ``str()``, and the operators it made (ASCII: WeasyPrint
    writes glyphs in hex) as its ``_to_bytes`` does. Each variant is drawn on its own, between ``q`` and ``Q``,
    so that the page's own drawing state is the same after it, whichever is written."""

    def __init__(self, versions: list[list]):
        from pydyf import _to_bytes

        self._versions = [b"\n".join(map(_to_bytes, [b"q", *ops, b"Q"])).decode("ascii") for ops in versions]
        self.shown = 0

    def __str__(self) -> str:
        return self._versions[self.shown]


def _written(pdf, options: Mapping) -> bytes:
    """``pdf`` as WeasyPrint writes it, leaving ``pdf`` ready to be written again: pydyf's ``write`` appends its
    info, object and cross-reference streams to the document's objects, and counts its position from 0."""
    objects, output = len(pdf.objects), io.BytesIO()
    pdf.write(output, options["pdf_version"], options["pdf_identifier"], not options["uncompressed_pdf"])
    del pdf.objects[objects:]
    pdf.current_position = 0
    return output.getvalue()


def write_document(template: str, target_stem: Path, *, paper: str, branding: Branding, draft: bool = False,
                   words: Language | None = None, **context) -> Printed:
    """Write ``<stem>.html`` and ``<stem>.pdf``, each atomically, in the agency's colours."""
    html = render_html(template, paper=paper, branding=branding, draft=draft, words=words, **context)
    pdf = html_to_pdf(render_html(template, paper=paper, branding=branding, inline_css=False, draft=draft,
                                  words=words, **context))
    return Printed(
        html=write_text(target_stem.with_suffix(".html"), html),
        pdf=write_bytes(target_stem.with_suffix(".pdf"), pdf),
    )


def qr_svg(link: str) -> Markup:
    """A full QR code (never Micro QR, which most phone cameras cannot read) as an SVG data URI for ``<img src>``."""
    import segno

    code = segno.make_qr(link, error="m")
    return Markup(code.svg_data_uri(scale=4, border=4, dark="#000", light="#fff"))
