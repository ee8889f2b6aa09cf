"""The few edits python-pptx has no API for, made on its oxml elements in schema order.

python-pptx's own oxml layer knows each element's child order (``CT_TextParagraphProperties._tag_seq`` in
``pptx/oxml/text.py``) and inserts with ``insert_element_before(new, *successors)``; these helpers do the
same, so a paragraph's ``a:buNone`` lands after ``a:lnSpc``/``a:spcBef``/``a:spcAft`` whatever was set first.
"""

from __future__ import annotations

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn

# Children of a:pPr in schema order (ECMA-376 CT_TextParagraphProperties), as python-pptx lists them.
PARAGRAPH_PROPERTIES = (
    "a:lnSpc", "a:spcBef", "a:spcAft", "a:buClrTx", "a:buClr", "a:buSzTx", "a:buSzPct", "a:buSzPts",
    "a:buFontTx", "a:buFont", "a:buNone", "a:buAutoNum", "a:buChar", "a:buBlip", "a:tabLst", "a:defRPr",
    "a:extLst",
)
BULLET_CHOICE = ("a:buNone", "a:buAutoNum", "a:buChar", "a:buBlip")  # at most one of these
DECORATIVE_EXT = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
SLIDE_NUMBER_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"


def _successors(tag: str) -> tuple[str, ...]:
    return PARAGRAPH_PROPERTIES[PARAGRAPH_PROPERTIES.index(tag) + 1:]


def no_bullet(paragraph) -> None:
    """A paragraph without a bullet and without the bullet's hanging indent."""
    pPr = paragraph._p.get_or_add_pPr()
    pPr.set("marL", "0")
    pPr.set("indent", "0")
    pPr.remove_all(*BULLET_CHOICE)
    pPr.insert_element_before(pPr.makeelement(qn("a:buNone"), {}), *_successors("a:buBlip"))


def line_break(paragraph, size: float) -> None:
    """An ``a:br`` at the end of ``paragraph``, sized like its text so an empty line is no taller."""
    br = paragraph._p.add_br()
    br.get_or_add_rPr().set("sz", str(round(size * 100)))


def slide_number_field(run, number: int) -> None:
    """Turn ``run`` into a slide-number field, so the number stays right when slides are reordered."""
    r = run._r
    field = r.makeelement(qn("a:fld"), {"id": SLIDE_NUMBER_FIELD_ID, "type": "slidenum"})
    properties = r.find(qn("a:rPr"))
    if properties is not None:
        field.append(properties)  # a:fld holds a:rPr, a:pPr, a:t in that order
    text = field.makeelement(qn("a:t"), {})
    text.text = str(number)
    field.append(text)
    r.addprevious(field)
    r.getparent().remove(r)


def mark_decorative(picture) -> None:
    """Office's "mark as decorative" flag: screen readers skip the picture."""
    c_nv_pr = picture._element.nvPicPr.cNvPr
    ext_lst = c_nv_pr.find(qn("a:extLst"))
    if ext_lst is None:
        ext_lst = c_nv_pr.makeelement(qn("a:extLst"), {})
        c_nv_pr.append(ext_lst)  # a:extLst is the last child of p:cNvPr
    ext = ext_lst.makeelement(qn("a:ext"), {"uri": DECORATIVE_EXT})
    ext.append(ext.makeelement(f"{{{DECORATIVE_NS}}}decorative", {"val": "1"}))
    ext_lst.append(ext)


def describe_picture(picture, description: str, name: str) -> None:
    """python-pptx writes the file name as the description; screen readers need words (python-pptx#508)."""
    c_nv_pr = picture._element.nvPicPr.cNvPr
    c_nv_pr.set("descr", description)
    c_nv_pr.set("name", name)


def remove_all_slides(prs) -> None:
    """An agency template's sample slides, dropped with their relationships."""
    slide_ids = prs.slides._sldIdLst
    for slide_id in list(slide_ids):
        prs.part.drop_rel(slide_id.rId)
        slide_ids.remove(slide_id)


def theme_fonts(prs) -> tuple[str, str]:
    """The theme's Latin title (major) and body (minor) font families; "" where it names none."""
    from lxml import etree

    theme = etree.fromstring(prs.slide_master.part.part_related_by(RT.THEME).blob)
    found = []
    for role in ("a:majorFont", "a:minorFont"):
        latin = theme.find(f".//{qn(role)}/{qn('a:latin')}")
        found.append(latin.get("typeface", "") if latin is not None else "")
    return found[0], found[1]


def replace_theme_font(prs, old: str, new: str) -> None:
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    theme._blob = theme.blob.replace(f'typeface="{old}"'.encode(), f'typeface="{new}"'.encode())
