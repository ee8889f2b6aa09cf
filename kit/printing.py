"""What every printed page shares: templates, paper sizes, documents written as HTML and PDF, and QR codes."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import jinja2
from markupsafe import Markup

from .errors import RenderError
from .files import write_bytes, write_text
from .languages import ENGLISH, Language, language
from .pdf import html_to_pdfs, print_css, swap
from .profile import Branding
from .resources import template_path

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


def render_html(template: str, *, paper: str, branding: Branding, inline_css: bool = True, draft: bool = False,
                words: Language | None = None, **context) -> str:
    """Render ``kit/templates/print/<template>``; with the print stylesheet inlined the HTML stands alone.
    ``draft``: every page carries the DRAFT mark (base.html.j2), as it may show a kit's placeholders. ``words``:
    the page's language (English by default); templates print its texts with ``say("print.group")``."""
    words = words or language(ENGLISH)
    try:
        return _environment().get_template(template).render(
            css=Markup(print_css()) if inline_css else "", paper=paper, page_size=PAPERS[check_paper(paper)],
            primary=f"#{branding.primary}", accent=f"#{branding.accent}", draft=draft, words=words, say=words.say,
            lang=words.tag, swap=swap,
            page_counter=page_counter(words.say("print.page", page="{page}", pages="{pages}")), **context)
    except jinja2.TemplateError as exc:
        raise RenderError(f"template {template} failed ({exc}); reinstall blockwatch-kit") from None


def page_counter(text: str) -> Markup:
    """'Página {page} de {pages}' as CSS content: '"Página " counter(page) " de " counter(pages)'."""
    parts = re.split(r"(\{pages?\})", text)
    return Markup(" ".join(f"counter({part[1:-1]})" if part in ("{page}", "{pages}")
                           else json.dumps(part, ensure_ascii=False) for part in parts if part))


@dataclass(frozen=True)
class Document:
    """A document to print, rendered: its HTML standing alone and the HTML its PDF is made from."""

    target_stem: Path
    html: str
    printable: str  # rendered with inline_css=False


def render_document(template: str, target_stem: Path, *, paper: str, branding: Branding, draft: bool = False,
                    words: Language | None = None, **context) -> Document:
    def rendered(inline_css: bool) -> str:
        return render_html(template, paper=paper, branding=branding, inline_css=inline_css, draft=draft,
                           words=words, **context)

    return Document(target_stem, rendered(True), rendered(False))


def write_documents(documents: Sequence[Document]) -> list[Printed]:
    """Write each document's ``<stem>.html`` and ``<stem>.pdf``, each atomically; the PDFs are made together
    (html_to_pdfs)."""
    pdfs = html_to_pdfs([document.printable for document in documents])
    return [Printed(html=write_text(document.target_stem.with_suffix(".html"), document.html),
                    pdf=write_bytes(document.target_stem.with_suffix(".pdf"), pdf))
            for document, pdf in zip(documents, pdfs, strict=True)]


def write_document(template: str, target_stem: Path, *, paper: str, branding: Branding, draft: bool = False,
                   words: Language | None = None, **context) -> Printed:
    """Write ``<stem>.html`` and ``<stem>.pdf``, each atomically, in the agency's colours."""
    return write_documents([render_document(template, target_stem, paper=paper, branding=branding, draft=draft,
                                            words=words, **context)])[0]


def qr_svg(link: str) -> Markup:
    """A full QR code (never Micro QR, which most phone cameras cannot read) as an SVG data URI for ``<img src>``."""
    import segno

    code = segno.make_qr(link, error="m")
    return Markup(code.svg_data_uri(scale=4, border=4, dark="#000", light="#fff"))
