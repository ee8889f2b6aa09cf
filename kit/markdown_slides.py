"""A module's body -> ``Slide``s: Jinja2 fills in the profile (StrictUndefined), markdown-it-py parses the slides.

What a slide is made of (paragraphs with runs, stat figures, two columns, images, quotes) is defined here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.container import container_plugin

from .errors import ContentError
from .sources import CITATION

if TYPE_CHECKING:
    from .content import Module

DECORATIVE = "decorative"


# ---- what a slide is made of ------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]
    level: int = 0
    bullet: bool = False

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Stat:
    figure: str
    wording: Paragraph


@dataclass(frozen=True)
class Column:
    heading: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Columns:
    left: Column
    right: Column


@dataclass(frozen=True)
class Image:
    path: Path
    alt: str

    @property
    def decorative(self) -> bool:
        return self.alt.strip().lower() == DECORATIVE


@dataclass(frozen=True)
class Quote:
    text: Paragraph
    attribution: Paragraph | None


Block = Paragraph | Stat | Columns | Image | Quote


def block_texts(blocks) -> list[str]:
    """The visible text of slide blocks, in reading order."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, Stat):
            out += [block.figure, block.wording.text]
        elif isinstance(block, Columns):
            for column in (block.left, block.right):
                out += [column.heading] + [p.text for p in column.paragraphs]
        elif isinstance(block, Quote):
            out += [block.text.text] + ([block.attribution.text] if block.attribution else [])
    return out


@dataclass(frozen=True)
class Slide:
    title: str
    blocks: tuple[Block, ...]
    notes: tuple[Paragraph, ...]
    module_id: str
    where: str
    line: int

    def texts(self) -> list[str]:
        """Every piece of visible text on the slide body (not the notes)."""
        return block_texts(self.blocks)

    def citations(self) -> list[str]:
        found = [sid for text in [self.title, *self.texts()] for sid in CITATION.findall(text)]
        return list(dict.fromkeys(found))


# ---- module + profile -> slides ---------------------------------------------------------------

@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark")
    for name in ("notes", "stat", "columns", "column"):
        md.use(container_plugin, name)
    return md


_JINJA = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
TEMPLATE_SYNTAX = re.compile(r"\{[{%#]|\r")  # without these Jinja returns the text as it is (it rewrites \r\n)


def realize(module: Module, context: dict) -> tuple[Slide, ...]:
    """Fill the profile into the module's body and parse its slides."""
    check_requirements(module, context)
    return tuple(_slide(module, nodes) for nodes in _parsed(render_body(module, context)))


@lru_cache(maxsize=256)
def _parsed(body: str) -> tuple[list[SyntaxTreeNode], ...]:
    """A filled-in body's slides, as markdown-it parses them: most modules read the same for every presenter and
    talk (the nodes are only read)."""
    slides: list[list[SyntaxTreeNode]] = [[]]
    for node in SyntaxTreeNode(_markdown().parse(body)).children:
        if node.type == "hr":
            slides.append([])
        else:
            slides[-1].append(node)
    return tuple(nodes for nodes in slides if nodes)


def check_requirements(module: Module, context: dict) -> None:
    for requirement in module.requires:
        value: Any = context
        for part in requirement.split("."):
            value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
            if value is None:
                raise ContentError(f"module '{module.id}' requires '{requirement}', which kit.toml does not set; "
                                   f"add it (e.g. [{requirement}]) or leave the module out of the recipe",
                                   **module.located(module.requires_line))


def render_body(module: Module, context: dict) -> str:
    if not TEMPLATE_SYNTAX.search(module.body):  # most modules: nothing to compile (a few ms each)
        return module.body
    try:
        return _template(module.body).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise ContentError(f"template syntax error: {exc.message}; fix the {{{{ }}}} or {{% %}} tag",
                           **module.located(module.body_line + (exc.lineno or 1) - 1)) from None
    except jinja2.UndefinedError as exc:
        raise ContentError(f"undefined template variable ({exc.message}); use one the profile defines "
                           f"(docs/slide-format.md lists them)",
                           **module.located(module.body_line + _template_line(exc) - 1)) from None


@lru_cache(maxsize=256)
def _template(body: str) -> jinja2.Template:
    """A module's body compiled once per process, for every presenter and talk."""
    return _JINJA.from_string(body)


def _template_line(exc: BaseException) -> int:
    """Jinja rewrites tracebacks so the template's own frames carry its line numbers."""
    tb, line = exc.__traceback__, 1
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _slide(module: Module, nodes: list[SyntaxTreeNode]) -> Slide:
    first_line = module.body_line + (nodes[0].map[0] if nodes[0].map else 0)
    where = module.where
    if nodes[0].type != "heading" or nodes[0].tag != "h2":
        raise ContentError("each slide must start with a '## Title' line", where=where, line=first_line)
    title = _plain(nodes[0].children[0])
    blocks: list[Block] = []
    notes: tuple[Paragraph, ...] = ()
    for node in nodes[1:]:
        line = module.body_line + (node.map[0] if node.map else 0)
        if node.type == "container_notes":
            notes = tuple(_paragraphs(node.children))
        else:
            blocks.extend(_block(node, module, where, line))
    return Slide(title=title, blocks=tuple(blocks), notes=notes, module_id=module.id, where=where, line=first_line)


def _block(node: SyntaxTreeNode, module: Module, where: str, line: int) -> list[Block]:
    if node.type == "container_stat":
        return [_stat(node, where, line)]
    if node.type == "container_columns":
        return [_columns(node, where, line)]
    if node.type == "blockquote":
        return [_quote(node)]
    if node.type == "paragraph" and _only_image(node):
        return [_image(node.children[0].children[0], module, where, line)]
    if node.type in ("paragraph", "bullet_list", "ordered_list", "heading"):
        return list(_paragraphs([node]))
    raise ContentError(f"'{node.type}' is not a slide element here; use bullets, ::: stat, :::: columns, "
                       f"an image or a > quote", where=where, line=line)


def _paragraphs(nodes, level: int = 0):
    for node in nodes:
        if node.type in ("paragraph", "heading"):
            runs = _runs(node.children[0])
            if node.type == "heading":
                runs = tuple(Run(r.text, bold=True, italic=r.italic) for r in runs)
            yield Paragraph(runs=runs, level=level, bullet=False)
        elif node.type in ("bullet_list", "ordered_list"):
            for item in node.children:
                for index, child in enumerate(item.children):
                    if child.type == "paragraph":
                        yield Paragraph(runs=_runs(child.children[0]), level=level, bullet=True)
                    else:
                        yield from _paragraphs([child], level + 1 if index else level)
        elif node.type.startswith("container_"):
            yield from _paragraphs(node.children, level)


def _stat(node: SyntaxTreeNode, where: str, line: int) -> Stat:
    text = "\n".join(_plain(p.children[0]) for p in node.children if p.type == "paragraph")
    parts = [part.strip() for part in text.split("\n") if part.strip()]
    if len(parts) < 2:
        raise ContentError("a '::: stat' block needs the figure on its first line and the wording, with its "
                           "[@source], on the next", where=where, line=line)
    return Stat(figure=parts[0], wording=Paragraph(runs=(Run(" ".join(parts[1:])),)))


def _columns(node: SyntaxTreeNode, where: str, line: int) -> Columns:
    columns = [child for child in node.children if child.type == "container_column"]
    if len(columns) != 2:
        raise ContentError(f"':::: columns' needs exactly two '::: column' blocks, not {len(columns)}",
                           where=where, line=line)
    built = []
    for column in columns:
        heading = ""
        children = list(column.children)
        if children and children[0].type == "heading":
            heading = _plain(children.pop(0).children[0])
        built.append(Column(heading=heading, paragraphs=tuple(_paragraphs(children))))
    return Columns(left=built[0], right=built[1])


def _quote(node: SyntaxTreeNode) -> Quote:
    lines = [_plain(p.children[0]) for p in node.children if p.type == "paragraph"]
    text_lines = "\n".join(lines).split("\n")
    attribution = None
    if len(text_lines) > 1 and re.match(r"^\s*(--|—)", text_lines[-1]):
        attribution = Paragraph(runs=(Run("— " + re.sub(r"^\s*(--|—)\s*", "", text_lines.pop())),))
    return Quote(text=Paragraph(runs=(Run(" ".join(text_lines), italic=True),)), attribution=attribution)


def _only_image(node: SyntaxTreeNode) -> bool:
    inline = node.children[0]
    return len(inline.children) == 1 and inline.children[0].type == "image"


def _image(node: SyntaxTreeNode, module: Module, where: str, line: int) -> Image:
    alt = "".join(child.content for child in node.children).strip()
    if not alt or re.search(r"\.(png|jpe?g|gif|svg|bmp|tiff?)$", alt, re.I):
        raise ContentError("image has no real alt text; describe the picture in ![...] "
                           "(or write ![decorative](...) for decoration)", where=where, line=line)
    return Image(path=(module.path.parent / str(node.attrs["src"])).resolve(), alt=alt)


def _runs(inline: SyntaxTreeNode) -> tuple[Run, ...]:
    runs: list[Run] = []
    bold = italic = False

    def walk(nodes):
        nonlocal bold, italic
        for node in nodes:
            if node.type == "text" or node.type == "code_inline":
                runs.append(Run(node.content, bold=bold, italic=italic))
            elif node.type in ("softbreak", "hardbreak"):
                runs.append(Run(" ", bold=bold, italic=italic))
            elif node.type == "strong":
                bold = True
                walk(node.children)
                bold = False
            elif node.type == "em":
                italic = True
                walk(node.children)
                italic = False
            else:
                walk(node.children)

    walk(inline.children)
    return tuple(_merge(runs))


def _merge(runs: list[Run]):
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        else:
            merged.append(run)
    return merged


def _plain(inline: SyntaxTreeNode) -> str:
    """Inline text with soft breaks kept as newlines (stat and quote blocks split on them)."""
    parts = []
    for node in inline.children:
        if node.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif node.children:
            parts.append(_plain(node))
        else:
            parts.append(node.content)
    return "".join(parts)
