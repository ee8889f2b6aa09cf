"""Handouts: tip card, wallet cards and leaflet, printed from the profile and read back from the PDFs."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

import pytest

from kit.handouts import CARD_COLUMNS, CARD_H_MM, CARD_ROWS, CARD_W_MM, crop_marks, first_calls, write_handouts
from kit.resources import data_path
from printed import page_sizes, pdf_text

NUMBERS = ("911", "1-844-CO-4-KIDS (1-844-264-5437)", "1-888-373-7888", "(303) 555-0142")
DOCUMENTS = ("tip-card", "wallet-cards", "what-you-can-do")
# Anything that looks like a phone number: 3 or more digits, or a vanity number like 1-844-CO-4-KIDS.
PHONE_LIKE = re.compile(r"\(?\d{3}\)?[\s-]?[\dA-Z]{1,4}-[\dA-Z-]*\d|\b\d{3,}\b")


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def handouts(example_profile, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("handouts")
    write_handouts(example_profile, out)
    return out


def test_cli_writes_three_documents_as_html_and_pdf(cli, example_kit, tmp_path):
    result = cli("handouts", "--out", tmp_path / "out", "--kit", example_kit)
    assert result.exit_code == 0, result.output
    assert "wrote 6 files" in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"{doc}.{ext}" for doc in DOCUMENTS for ext in ("html", "pdf"))


def test_cli_without_a_kit_fails_cleanly(cli, tmp_path):
    result = cli("handouts", "--out", tmp_path / "out", "--kit", tmp_path)
    assert result.exit_code == 2
    assert "error:" in result.output and "no kit.toml here" in result.output


def test_each_handout_is_one_letter_page(handouts):
    for doc in DOCUMENTS:
        assert page_sizes(handouts / f"{doc}.pdf") == [(612, 792)]
        assert "Page 1 of 1" in pdf_text(handouts / f"{doc}.pdf")


def test_a4(example_profile, tmp_path):
    write_handouts(example_profile, tmp_path, paper="a4")
    for doc in DOCUMENTS:
        assert page_sizes(tmp_path / f"{doc}.pdf") == [(595, 842)]


def test_tip_card_lists_every_sign_and_the_numbers_twice(handouts):
    text = flat(pdf_text(handouts / "tip-card.pdf"))
    signs = tomllib.loads(data_path("languages", "en", "handouts.toml").read_text(encoding="utf-8"))["tipcard"]["signs"]
    for sign in signs:
        assert text.count(flat(sign["text"])) == 2  # two cards per page
    for number in NUMBERS:
        assert text.count(number) == 2
    assert "No single sign proves trafficking" in text


def test_wallet_cards_eight_to_a_page_with_the_four_numbers(handouts):
    text = flat(pdf_text(handouts / "wallet-cards.pdf"))
    for number in NUMBERS:
        assert text.count(number) == 8
    assert text.count("text 233733") == 8
    assert (handouts / "wallet-cards.html").read_text(encoding="utf-8").count('class="wcard"') == 8


def test_wallet_crop_marks_sit_outside_the_cards_at_every_cut():
    marks = crop_marks()
    width, height = CARD_W_MM * CARD_COLUMNS, CARD_H_MM * CARD_ROWS
    vertical = sorted({round(m.left, 2) for m in marks if m.kind == "v"})
    horizontal = sorted({round(m.top, 2) for m in marks if m.kind == "h"})
    assert vertical == [round(c * CARD_W_MM, 2) for c in range(CARD_COLUMNS + 1)]
    assert horizontal == [round(r * CARD_H_MM, 2) for r in range(CARD_ROWS + 1)]
    for mark in marks:
        outside = mark.top < 0 or mark.top >= height if mark.kind == "v" else mark.left < 0 or mark.left >= width
        assert outside


def test_leaflet_has_do_never_and_every_contact(handouts, example_profile):
    text = flat(pdf_text(handouts / "what-you-can-do.pdf", layout=False))
    assert "Never confront someone you suspect of trafficking." in text
    assert "Call 911 at once if a child is in immediate danger." in text
    for contact in example_profile.contacts.values():
        assert flat(contact.reach) in text
    assert "(303) 555-0142" in text


def test_no_number_is_invented(handouts, example_profile):
    """Every phone-like string printed comes from the profile's contacts (number, label) or the agency."""
    contacts = example_profile.contacts.values()
    known = " ".join([c.reach for c in contacts] + [c.label for c in contacts] + [example_profile.agency.non_emergency])
    allowed_elsewhere = {"2016", "2018"}  # the sources lines: publication years
    for doc in DOCUMENTS:
        for found in PHONE_LIKE.findall(pdf_text(handouts / f"{doc}.pdf")):
            assert found in known or found in allowed_elsewhere, f"{doc}: {found!r} is not from the profile"


def test_state_without_a_hotline_leaves_it_out(example_profile, tmp_path):
    contacts = {k: v for k, v in example_profile.contacts.items() if k != "state_hotline"}
    profile = dataclasses.replace(example_profile, contacts=contacts)
    assert [d.label for d in first_calls(profile, profile.speaks())][-1] == "Lakeview PD non-emergency"
    write_handouts(profile, tmp_path)
    text = flat(pdf_text(tmp_path / "wallet-cards.pdf"))
    assert "1-844" not in text
    assert text.count("1-888-373-7888") == 8


def test_agency_text_is_escaped(example_profile, tmp_path):
    agency = dataclasses.replace(example_profile.agency, short_name="<b>PD</b>")
    write_handouts(dataclasses.replace(example_profile, agency=agency), tmp_path)
    html = (tmp_path / "wallet-cards.html").read_text(encoding="utf-8")
    assert "<b>PD</b>" not in html and "&lt;b&gt;PD&lt;/b&gt; non-emergency" in html


def test_printouts_use_the_agency_colours(cli, example_kit, tmp_path):
    path = example_kit / "kit.toml"
    path.write_text(path.read_text().replace('primary = "#1F3A5F"', 'primary = "#004400"'))
    result = cli("handouts", "--out", tmp_path, "--kit", example_kit)
    assert result.exit_code == 0, result.output
    html = (tmp_path / "wallet-cards.html").read_text(encoding="utf-8")
    assert "--primary: #004400" in html and "var(--primary)" in html


def test_card_sizes_live_in_python_only():
    """D13: print.css takes the wallet cards' size from kit/handouts.py, so the two cannot drift apart."""
    css = (Path(__file__).parent.parent / "kit" / "templates" / "print" / "print.css").read_text(encoding="utf-8")
    for size in (CARD_W_MM, CARD_H_MM, CARD_W_MM * CARD_COLUMNS, CARD_H_MM * CARD_ROWS):
        assert f"{size:g}mm" not in css


@pytest.mark.parametrize("kit_name, takes_trafficking", [("washington_kit", False), ("ohio_kit", True)])
def test_a_state_line_is_printed_only_where_it_takes_trafficking_reports(request, tmp_path, kit_name,
                                                                         takes_trafficking):
    """As on the deck: a state line that does not take child trafficking reports is left off, and the tip card and
    leaflet send people to the national hotline and the agency instead."""
    from conftest import STATE_HOTLINES
    from kit.profile import load_profile

    profile = load_profile(request.getfixturevalue(kit_name))
    label, number, _ = STATE_HOTLINES[profile.state]
    write_handouts(profile, tmp_path)
    instead = (f"To report child trafficking, call the National Human Trafficking Hotline, at any hour, or "
               f"{profile.agency.short_name}.")
    copies = {"wallet-cards": 8, "tip-card": 2, "what-you-can-do": 1}
    for doc, count in copies.items():
        text = flat(pdf_text(tmp_path / f"{doc}.pdf", layout=False))
        assert page_sizes(tmp_path / f"{doc}.pdf") == [(612, 792)], doc
        assert text.count(number) == (count if takes_trafficking else 0), doc
        assert text.count(label) == (count if takes_trafficking else 0), doc
        assert text.count("1-888-373-7888") == count and text.count("(555) 555-0123") == count, doc
        if doc != "wallet-cards":  # a card lists its calls, nothing else fits
            assert text.count(instead) == (0 if takes_trafficking else count), doc
