"""HTML -> PDF with WeasyPrint: loading it (or saying why it cannot load), the kit's fonts and print stylesheet,
one document, and documents that differ only in their ``swap()``ped details, laid out and drawn once."""

from __future__ import annotations

import contextlib
import io
import re
import sys
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from itertools import pairwise
from types import ModuleType
from typing import Any, Mapping, Sequence

from markupsafe import Markup, escape

from .errors import KitWarning, RenderError
from .resources import data_path, template_path


@lru_cache(maxsize=1)
def print_css() -> str:
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
    return fonts, [faces, weasyprint.CSS(string=print_css(), font_config=fonts)]


def html_to_pdf(html: str) -> bytes:
    """``html`` rendered with ``inline_css=False``: the fonts and the parsed print stylesheet are added here."""
    weasyprint = require_printing()  # heavy: loaded only when a PDF is wanted
    fonts, stylesheets = _pdf_setup()
    return weasyprint.HTML(string=html, base_url=str(template_path("print"))).write_pdf(
        stylesheets=stylesheets, font_config=fonts)


# What html_to_pdfs may set differently in documents that share a layout: a span's text, an SVG image's source
# and the document's title. Our templates write the spans with ``swap()`` (text only) and data-swap before src.
_SWAPPED = re.compile(r'(?P<open><span\b[^>]*\bdata-swap="(?P<text>[^"]+)"[^>]*>'
                      r'|<img\b[^>]*\bdata-swap="(?P<image>[^"]+)"[^>]*\bsrc="|<title>)(?P<value>[^<"]*)')
_TITLE = "<title>"


def swap(key: str, text: str) -> Markup:
    """``text`` in a span that html_to_pdfs may set differently in documents laid out together. The span must
    end its line: nothing after it on its line may move when its text is shorter."""
    return Markup('<span data-swap="{}">{}</span>').format(key, text)


@dataclass(frozen=True)
class _Swaps:
    """A document taken apart: its HTML without what may be swapped (documents with the same ``shape`` are laid
    out once), and what it swaps in, by key."""

    shape: str
    values: dict[str, str]


def _swaps(html: str) -> _Swaps | None:
    """None when one key has two values in the document: it is printed alone."""
    values: dict[str, str] = {}

    def take_out(match: re.Match) -> str:
        key, value = match["text"] or match["image"] or _TITLE, unescape(match["value"])
        if values.setdefault(key, value) != value:
            raise ValueError(key)
        return match["open"]

    try:
        return _Swaps(_SWAPPED.sub(take_out, html), values)
    except ValueError:
        return None


def html_to_pdfs(htmls: Sequence[str]) -> list[bytes]:
    """A PDF of each HTML (rendered with ``inline_css=False``); documents that differ only in what ``swap()``
    marks, their SVG images marked ``data-swap`` and their titles are laid out and drawn once.

    A season's sign-up sheets differ only in their group's details, and a talk's scripts only in their clock
    times. So such documents are laid out once, with each span's longest text, and drawn once; only the marked
    spans and images are drawn once per document, and each PDF is written with its own (``_Variants``). A
    document whose text would not fit where the longest was laid out, or whose span the longest text breaks
    across lines, is printed alone, as is one that shares its layout with no other.
    """
    shapes: dict[str | int, list[tuple[int, dict[str, str]]]] = {}
    for index, html in enumerate(htmls):
        swaps = _swaps(html)
        shapes.setdefault(swaps.shape if swaps else index, []).append((index, swaps.values if swaps else {}))
    pdfs: list[bytes | None] = [None] * len(htmls)
    for members in shapes.values():
        if len(members) > 1:
            indices, variants = zip(*members, strict=True)
            for index, pdf in zip(indices, _print_shared(htmls[indices[0]], variants), strict=True):
                pdfs[index] = pdf
    return [pdf if pdf is not None else html_to_pdf(html) for pdf, html in zip(pdfs, htmls, strict=True)]


def _with_texts(html: str, texts: Mapping[str, str]) -> str:
    """``html`` with each swapped span's text from ``texts``, by key: the one the layout makes room for."""

    def chosen(match: re.Match) -> str:
        return match["open"] + str(escape(texts[match["text"]])) if match["text"] else match[0]

    return _SWAPPED.sub(chosen, html)


def _print_shared(html: str, variants: Sequence[Mapping[str, str]]) -> list[bytes | None]:
    """A PDF of each variant of ``html`` from one layout and one drawing; None for a variant that must be
    printed alone.

    The layout makes room for each span's longest text. Where another variant's text is wider in print
    ("Wednesday" against "Saturday, and"), it is laid out again with the widest ones, once, if that layout
    holds."""
    longest = {key: max((variant[key] for variant in variants), key=len) for key in variants[0]}
    laid_out = _laid_out(html, variants, longest)
    if laid_out is None:
        return [None] * len(variants)
    wider = _wider_texts(laid_out.boxes, variants)
    if wider:
        laid_out = _laid_out(html, variants, {**longest, **wider}) or laid_out
    return _drawn(laid_out, variants)


@dataclass
class _Layout:
    """A document laid out with each swapped span's chosen text, and its boxes that variants set differently,
    each with its key."""

    document: Any  # weasyprint.Document, imported only when printing
    boxes: list[tuple[object, str]]


def _laid_out(html: str, variants: Sequence[Mapping[str, str]], texts: Mapping[str, str]) -> _Layout | None:
    """The layout, or None if a chosen text broke across lines or starts a line a shorter one could have
    joined: no layout is shared then."""
    weasyprint = require_printing()
    from weasyprint.formatting_structure.boxes import ReplacedBox, TextBox

    fonts, stylesheets = _pdf_setup()
    document = weasyprint.HTML(string=_with_texts(html, texts),
                               base_url=str(template_path("print"))).render(stylesheets=stylesheets, font_config=fonts)
    varying = {key for key in variants[0] if any(variant[key] != variants[0][key] for variant in variants)}
    boxes: list[tuple[object, str]] = []
    for page in document.pages:
        lines: Counter = Counter()
        found: dict[int, str] = {}
        for box in page._page_box.descendants():
            key = box.element.get("data-swap") if box.element is not None else None
            if key in varying and isinstance(box, (TextBox, ReplacedBox)):
                boxes.append((box, key))
                found[id(box)] = key
                lines[id(box.element)] += isinstance(box, TextBox)
        if any(count > 1 for count in lines.values()) or _pushed_down(page._page_box, found):
            return None
    return _Layout(document, boxes)


def _wider_texts(boxes: list[tuple[object, str]], variants: Sequence[Mapping[str, str]]) -> dict[str, str]:
    """For each swapped text that some variant sets wider than the text laid out, the widest: the layout
    chose by length, and "W" is wider than "i"."""
    from weasyprint.formatting_structure.boxes import TextBox

    widest: dict[str, tuple[float, str]] = {}
    for box, key in boxes:
        if not isinstance(box, TextBox) or not _set_from_start(box):
            continue
        laid = box.text
        for value in {variant[key] for variant in variants}:
            width, _ = _measured(box, value)
            if width > box.width + 0.01 and width > widest.get(key, (0.0, ""))[0]:
                widest[key] = (width, value)
        _measured(box, laid)
    return {key: value for key, (_, value) in widest.items()}


def _drawn(laid_out: _Layout, variants: Sequence[Mapping[str, str]]) -> list[bytes | None]:
    """Each variant's PDF from one drawing of the layout. WeasyPrint shapes a text box again from its layout's
    text when it draws it (``Layout.reactivate``), and draws an image from its box's ``replacement``: each
    swapped box is drawn once for each text or image the variants give it."""
    import pydyf
    from weasyprint import DEFAULT_OPTIONS, draw

    keys = {id(box): key for box, key in laid_out.boxes}
    alone: set[int] = set()
    drawn: list[_Variants] = []
    draw_text, draw_replacedbox = draw.draw_text, draw.draw_replacedbox

    def draw_each_variant(draw_one, stream, box, *args):
        if id(box) not in keys:
            return draw_one(stream, box, *args)
        by_value: dict[str, tuple[bool, list]] = {}
        for variant in variants:
            value = variant[keys[id(box)]]
            if value not in by_value:
                fits = _swap_into(box, value)
                part = stream.clone()  # the page's fonts and resources: every variant's glyphs are embedded
                draw_one(part, box, *args)
                by_value[value] = (fits, part.stream)
        alone.update(index for index, variant in enumerate(variants) if not by_value[variant[keys[id(box)]]][0])
        drawn.append(_Variants([by_value[variant[keys[id(box)]]][1] for variant in variants]))
        stream.stream.append(drawn[-1])

    pdfs: list[bytes | None] = []

    def show(pdf, index: int) -> None:
        for span in drawn:
            span.shown = index
        title = variants[index].get(_TITLE)
        if title:
            pdf.info["Title"] = pydyf.String(title)
        else:  # as WeasyPrint leaves a document without a title
            pdf.info.pop("Title", None)

    def write_all_but_last(_document, pdf) -> None:
        _compress_once(pdf)
        for index in range(len(variants) - 1):
            show(pdf, index)
            pdfs.append(None if index in alone else _written(pdf, DEFAULT_OPTIONS))
        show(pdf, len(variants) - 1)

    draw.draw_text = lambda *args: draw_each_variant(draw_text, *args)
    draw.draw_replacedbox = lambda *args: draw_each_variant(draw_replacedbox, *args)
    try:
        last = laid_out.document.write_pdf(finisher=write_all_but_last)
    finally:
        draw.draw_text, draw.draw_replacedbox = draw_text, draw_replacedbox
    return [*pdfs, None if len(variants) - 1 in alone else last]


def _pushed_down(box, swapped: Mapping[int, str]) -> bool:
    """Whether a swapped text starts a line that follows one of its block's lines without a forced break
    (``<br>``): a shorter text might have fitted at the end of that line."""
    from weasyprint.formatting_structure.boxes import LineBox, TextBox

    children = getattr(box, "children", ())
    lines = [child for child in children if isinstance(child, LineBox)]
    for above, line in pairwise(lines):
        first = next((text for text in line.descendants() if isinstance(text, TextBox)), None)
        if first is not None and id(first) in swapped and not any(
                getattr(inline, "element_tag", None) == "br" for inline in above.descendants()):
            return True
    return any(_pushed_down(child, swapped) for child in children)


def _swap_into(box, value: str) -> bool:
    """Give a laid-out box a variant's text or SVG image; False if the variant must be printed alone."""
    from weasyprint.formatting_structure.boxes import TextBox

    return _swap_text(box, value) if isinstance(box, TextBox) else _swap_image(box, value)


def _swap_text(box, value: str) -> bool:
    """False if the text is not drawn as it would be laid out (empty, spaces that layout would collapse, or a
    text-transform), is wider than the box (or, not set from the line's start, of another width), or breaks."""
    box.text = box.pango_layout.text = value
    if not value or value != " ".join(value.split()) or box.style["text_transform"] != "none":
        return False
    width, breaks = _measured(box, value)
    return not breaks and (width <= box.width + 0.01 if _set_from_start(box) else abs(width - box.width) <= 0.01)


def _measured(box, value: str) -> tuple[float, bool]:
    """How wide ``value`` is set in the laid-out text box, which it is given, and whether it breaks."""
    from weasyprint.text.line_break import line_size

    box.text = box.pango_layout.text = value
    box.pango_layout.reactivate(box.style)
    line, next_line = box.pango_layout.get_first_line()
    width, _ = line_size(line, box.style)
    box.pango_layout.deactivate()
    return width, next_line is not None


def _set_from_start(box) -> bool:
    """Whether a shorter text ends earlier, where the box's text starts at the same place whatever its width."""
    return box.style["text_align_all"] in ("start", "left") and box.style["direction"] == "ltr"


def _swap_image(box, value: str) -> bool:
    """False unless both images are SVGs: drawn as paths, not as an image every variant's PDF would hold."""
    from weasyprint import DEFAULT_OPTIONS
    from weasyprint.images import SVGImage, get_image_from_uri

    laid_out = box.replacement
    image = isinstance(laid_out, SVGImage) and get_image_from_uri(
        {}, laid_out._url_fetcher, DEFAULT_OPTIONS, value, context=laid_out._context)
    if isinstance(image, SVGImage):
        box.replacement = image
    return isinstance(image, SVGImage)


def _compress_once(pdf) -> None:
    """Compress now the streams that no variant sets (fonts, drawings, pages without a swapped span): pydyf
    compresses each stream whenever the PDF is written, and it is written once per variant. The bytes are those
    pydyf would write."""
    import zlib

    from pydyf import Stream, _to_bytes

    for stream in pdf.objects:
        if isinstance(stream, Stream) and stream.compress and not any(
                isinstance(item, _Variants) for item in stream.stream):
            compressor = zlib.compressobj(level=9)
            data = compressor.compress(b"\n".join(_to_bytes(item) for item in stream.stream)) + compressor.flush()
            stream.stream, stream.compress = [data], False
            stream.extra["Filter"] = "/FlateDecode"


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


