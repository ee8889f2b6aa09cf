"""Languages: the talk, its papers and its invitations in Spanish, parity with English, and a third language added
as content alone (kit/languages.py, kit/translations.py, kit/check/parity.py; docs/languages.md)."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
import tomli_w
from icalendar import Calendar
from pptx import Presentation

from conftest import SPANISH_GROUP, SPANISH_TALK
from kit.resources import builtin_path, data_path, example_kit_path
from kit.translations import english_hash
from kit.handouts import CARD_COLUMNS, CARD_ROWS, CARD_W_MM
from printed import MM, pdf_text, pdf_words

SPANISH_DAY = re.compile(r"\b(?:lunes|martes|miércoles|jueves|viernes|sábado|domingo), \d{1,2} de "
                         r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)"
                         r" de 20\d\d\b")
DIGITS = re.compile(r"(?<![\w/])\d[\d,.]*\d|(?<![\w/])\d(?![\w/])")


def deck_parts(path: Path) -> list[tuple[str, str, str]]:
    """(title, the slide's text, its notes) of every slide, read back with python-pptx."""
    prs = Presentation(str(path))
    return [(slide.shapes.title.text_frame.text if slide.shapes.title else "",
             "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame),
             slide.notes_slide.notes_text_frame.text) for slide in prs.slides]


# ---------------------------------------------------------------- the deck


def test_the_spanish_deck_is_spanish_from_title_to_sources(spanish_outputs):
    deck = spanish_outputs["deck"]
    assert Presentation(str(deck)).core_properties.language == "es-US"
    parts = deck_parts(deck)
    titles = [title for title, _, _ in parts]
    for generated in ("Agenda", "Preguntas y respuestas", "Dónde reportar", "Fuentes"):
        assert generated in titles
    assert titles[0].startswith("La trata sexual y laboral de menores")
    everything = "\n".join(text + "\n" + notes for _, text, notes in parts)
    for english in ("Where to report", "Questions and answers", "Your questions", "Sources", "(continued",
                    "about 3 min", "Welcome, everyone", "Tip:", "non-emergency", "n.d."):
        assert english not in everything, english
    assert "Consejo:" in everything and "Parte 1 de" in everything and "minutos" in everything
    assert "niños recuperados en Colorado por la operación Cross Country XI" in everything  # kit.toml's Spanish
    assert "trata de personas" in everything.lower() or "trata" in everything
    report = next(text for title, text, _ in parts if title == "Dónde reportar")
    assert "Emergencia: un niño en peligro inmediato" in report and "casos que no son de emergencia" in report


def test_every_number_of_the_english_deck_is_in_the_spanish_deck(built_decks, spanish_outputs):
    """Slides and notes alike: every figure the English talk gives, the Spanish talk gives too (the English deck
    was built with a date and venue on its title slide, which are left out)."""
    def numbers(path: Path) -> Counter:
        found: Counter = Counter()
        for _title, text, notes in deck_parts(path)[1:]:
            body = re.sub(r"\(24/7, 200\+ languages\)|\[[^\]]*\]", " ", f"{text}\n{notes}")  # labels, cue lines
            found.update(DIGITS.findall(body))
        return found

    english, spanish = numbers(built_decks["example"]), numbers(spanish_outputs["deck"])
    missing = {number for number in english if number not in spanish}
    assert not missing
    assert {"4,800", "1,581", "911", "1 in 6".split()[0]} <= set(spanish)


def test_the_spanish_deck_keeps_the_english_plan_and_fits(spanish_outputs, built_decks):
    english, spanish = deck_parts(built_decks["example"]), deck_parts(spanish_outputs["deck"])
    assert len(spanish) == len(english)
    run_sheet = spanish_outputs["deck"].with_name("es-runsheet.md").read_text(encoding="utf-8")
    assert run_sheet.startswith("# Guía de la sesión: La trata") and "| Hora | Minutos |" in run_sheet
    assert "Título y agenda" in run_sheet and "Antes: confirme la sala" in run_sheet and "Before:" not in run_sheet


def test_the_spanish_script_and_take_home_are_spanish(spanish_outputs):
    script = pdf_text(spanish_outputs["deck"].with_name("es-script.pdf"))
    takehome = pdf_text(spanish_outputs["deck"].with_name("es-takehome.pdf"))
    assert "Guion del presentador" in script and "Dónde reportar" in script and "minuto" in script
    assert "Presenter's script" not in script and "Where to report" not in script
    assert "Empieza a las 6:30 p.m." in " ".join(script.split())  # CLDR es_US clock times
    assert "Lo que hay que recordar" in takehome and "Dónde reportar" in takehome and "911" in takehome
    assert "1-844-CO-4-KIDS" in takehome and "What to remember" not in takehome


def test_deck_plan_in_spanish_has_the_english_minutes(cli):
    english = cli("deck", "plan", "--kit", example_kit_path())
    spanish = cli("deck", "plan", "--kit", example_kit_path(), "--language", "es")
    assert spanish.exit_code == 0 and "La trata sexual y laboral de menores" in spanish.stdout
    assert english.stdout.splitlines()[1:] == spanish.stdout.splitlines()[1:]  # same modules, same minutes


# ---------------------------------------------------------------- a group's invitations and sheets


def test_a_spanish_group_is_invited_in_spanish_with_spanish_dates(spanish_outputs):
    files = sorted(spanish_outputs["mail"].glob(f"{SPANISH_TALK}.*.eml"))
    assert files
    message = BytesParser(policy=policy.default).parsebytes(files[0].read_bytes())
    assert message["Subject"] == "Invitación: Columbine Park Block Watch, jueves, 1 de abril de 2027"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Le invitamos a una reunión de vigilancia vecinal" in text
    # CLDR's es_US time: a narrow no-break space before "p.m.", and the zone named in Spanish.
    assert "Cuándo: jueves, 1 de abril de 2027, 6:30–7:30\u202fp.m. hora de las Montañas Rocosas" in text
    assert 'lang="es-US"' in html
    ics = next(part for part in message.walk() if part.get_content_type() == "text/calendar")
    event = next(iter(Calendar.from_ical(ics.get_content()).walk("VEVENT")))
    assert str(event["SUMMARY"]).startswith("Columbine Park Block Watch: La trata sexual y laboral de menores")
    assert "Reunión de vigilancia vecinal para Columbine Park" in str(event["DESCRIPTION"])
    assert "Preguntas: línea de Lakeview PD" in str(event["DESCRIPTION"])


def test_a_spanish_group_gets_spanish_sheets(spanish_outputs):
    sheets = spanish_outputs["sheets"]
    signup, signin = pdf_text(sheets / "signup.pdf"), pdf_text(sheets / "signin.pdf")
    cards = pdf_text(sheets / "questions.pdf")
    assert "Hoja de inscripción" in signup and "Acepta avisos" in signup and "Sign-up" not in signup
    assert "Hoja de asistencia" in signin and "Calle o cuadra (opcional)" in signin
    assert "Preguntas para el presentador" in cards and "Su pregunta (sin nombre)" in cards
    assert SPANISH_DAY.search(signup) and "jueves, 1 de abril de 2027" in signin
    assert "Página 1 de" in signup and "Page 1 of" not in signup
    assert 'lang="es-US"' in (sheets / "signup.html").read_text(encoding="utf-8")


def test_build_gives_the_spanish_group_its_talk_papers_and_invitations_in_spanish(season_build):
    _, out, outcomes, _ = season_build
    assert all(o.status == "built" for o in outcomes if o.key == f"group:{SPANISH_GROUP}")
    folder = out / SPANISH_GROUP
    parts = deck_parts(folder / "deck.pptx")
    assert "Dónde reportar" in [title for title, _, _ in parts]
    assert SPANISH_DAY.search(parts[0][1])  # the booked date on the title slide, the Spanish way
    assert "Hoja de inscripción" in pdf_text(next(folder.glob("sheets/*/signup.pdf")))
    assert (folder / "deck-runsheet.md").read_text(encoding="utf-8").startswith("# Guía de la sesión")
    assert "Guion del presentador" in pdf_text(folder / "deck-script.pdf")
    subjects = {BytesParser(policy=policy.default).parsebytes(p.read_bytes())["Subject"]
                for p in (folder / "invitations").glob("*.eml")}
    assert subjects and all(s.startswith("Invitación: ") for s in subjects)
    english = deck_parts(out / "aspen-hollow" / "deck.pptx")
    assert "Where to report" in [title for title, _, _ in english]  # the other groups keep English


# ---------------------------------------------------------------- handouts


def test_spanish_handouts(spanish_outputs):
    folder = spanish_outputs["handouts"]
    tip, wallet = pdf_text(folder / "tip-card.pdf"), pdf_text(folder / "wallet-cards.pdf")
    leaflet = pdf_text(folder / "what-you-can-do.pdf")
    assert "Señales de que un niño puede ser víctima de trata" in tip and "Fuentes:" in tip
    assert "Repórtelo. No necesita estar seguro." in wallet and "911" in wallet and "1-844-CO-4-KIDS" in wallet
    assert "Haga" in leaflet and "Nunca" in leaflet and "Dónde llamar" in leaflet and "Where to call" not in leaflet
    for name in ("tip-card", "wallet-cards", "what-you-can-do"):
        assert len(pdf_text(folder / f"{name}.pdf").split("\f")) - 1 == 1  # each one page, as in English


def test_bilingual_handouts_print_english_on_the_front_and_spanish_on_the_back(spanish_outputs):
    folder = spanish_outputs["bilingual"]
    for name, english, spanish in (("tip-card", "Signs a child may be trafficked", "Señales de que un niño"),
                                   ("wallet-cards", "Report it. You don't need to be sure.", "Repórtelo."),
                                   ("what-you-can-do", "Where to call", "Dónde llamar")):
        pdf = folder / f"{name}.pdf"
        front, back = pdf_text(pdf, 1), pdf_text(pdf, 2)
        assert len(pdf_text(pdf).split("\f")) - 1 == 2, name  # one sheet, printed on both sides
        assert english in front and spanish not in front, name
        assert spanish in back and english not in back, name
        assert "flipping on the long edge: English on the front, Spanish on the back" in \
            " ".join(pdf_text(pdf, 1, layout=False).split())


def test_wallet_card_backs_line_up_with_their_fronts(spanish_outputs):
    """After a flip on the long edge, the back's x is the page width less the front's: each card's corner on the
    back lies behind a card's corner on the front, and the rows stay where they are."""
    pdf = spanish_outputs["bilingual"] / "wallet-cards.pdf"
    words = pdf_words(pdf)
    width, card, pad = 612, CARD_W_MM * MM, 3.5 * MM  # US Letter; a card; its text's inset (print.css .wcard)
    fronts = sorted((x, y) for page, x, y, word in words if page == 1 and word == "Report")
    backs = sorted((x, y) for page, x, y, word in words if page == 2 and word == "Repórtelo.")
    assert len(fronts) == len(backs) == CARD_COLUMNS * CARD_ROWS
    behind = sorted((width - (x - pad) - card + pad, y) for x, y in backs)  # each back's card, flipped over
    assert all(abs(a[0] - b[0]) < 1.5 and abs(a[1] - b[1]) < 1.5 for a, b in zip(fronts, behind, strict=True))


# ---------------------------------------------------------------- settings and refusals


@pytest.mark.parametrize("command", [
    ("deck", "build", "--out", "OUT/x.pptx"), ("deck", "plan"), ("handouts", "--out", "OUT"),
    ("sheets", "signup", "--out", "OUT"), ("events", "invite", "--dry-run", "--out", "OUT")])
def test_an_unknown_language_flag_is_one_line_naming_it(cli, example_kit, tmp_path, command):
    out = tmp_path / "out"
    result = cli(*(part.replace("OUT", str(out)) for part in command), "--kit", example_kit, "--language", "fr")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --language is 'fr', not a language the kit has")
    assert not out.exists() or not any(out.rglob("*"))


def test_an_unknown_language_in_kit_toml_or_on_a_group_names_its_field(cli, example_kit):
    kit_toml = example_kit / "kit.toml"
    kit_toml.write_text(re.sub(r'(?m)^language = .*$', 'language = "fr"', kit_toml.read_text()))
    result = cli("deck", "plan", "--kit", example_kit)
    line = next(n for n, text in enumerate(kit_toml.read_text().splitlines(), 1) if text.startswith("language ="))
    assert result.exit_code == 2 and f"kit.toml:{line}: field 'language' is 'fr'" in result.output
    kit_toml.write_text(re.sub(r'(?m)^language = .*$', 'language = "es"', kit_toml.read_text()))
    groups = example_kit / "events" / "groups.toml"
    groups.write_text(groups.read_text().replace('area = "north"', 'area = "north"\nlanguage = "klingon"', 1))
    result = cli("events", "list", "--kit", example_kit)
    assert result.exit_code == 2 and "field 'groups[0].language' is 'klingon'" in result.output


def test_the_kit_language_setting_makes_spanish_the_default(cli, example_kit, tmp_path):
    kit_toml = example_kit / "kit.toml"
    kit_toml.write_text(re.sub(r'(?m)^language = .*$', 'language = "es"', kit_toml.read_text()))
    result = cli("deck", "build", "--kit", example_kit, "--out", tmp_path / "talk.pptx")
    assert result.exit_code == 0, result.output
    assert Presentation(str(tmp_path / "talk.pptx")).core_properties.language == "es-US"


def test_a_kit_module_without_a_spanish_twin_stops_a_spanish_deck_unless_draft(cli, example_kit, tmp_path):
    assert cli("slides", "copy", "national-stats", "--kit", example_kit).exit_code == 0
    (example_kit / "slides" / "es" / "national-stats.md").unlink()
    result = cli("deck", "build", "--kit", example_kit, "--language", "es", "--out", tmp_path / "es.pptx")
    assert result.exit_code == 2 and not (tmp_path / "es.pptx").exists()
    line, = result.output.strip().splitlines()
    assert "module 'national-stats' has no 'es' translation" in line and "slides/es/national-stats.md" in line
    draft = cli("deck", "build", "--kit", example_kit, "--language", "es", "--draft", "--out", tmp_path / "d.pptx")
    assert draft.exit_code == 0, draft.output
    english_slide = next(p for p in deck_parts(tmp_path / "d.pptx") if "national" in p[1].lower())
    assert english_slide  # the English module stands in its place
    assert cli("deck", "build", "--kit", example_kit, "--out", tmp_path / "en.pptx").exit_code == 0


# ---------------------------------------------------------------- parity, checked


def test_check_holds_the_spanish_library_to_the_english_one(cli, example_kit):
    result = cli("check", "--kit", example_kit)
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output
    # The example's Columbine Park group speaks Spanish: the hotline's languages, not in our sources, are flagged.
    assert "[contact-languages] contact 'national_hotline'" in result.output


def test_editing_only_the_english_side_of_a_module_fails_check(cli, example_kit):
    assert cli("slides", "copy", "national-stats", "--kit", example_kit).exit_code == 0
    assert cli("check", "--kit", example_kit).exit_code == 0
    english = example_kit / "slides" / "national-stats.md"
    english.write_text(english.read_text(encoding="utf-8").replace("1,581", "1,518"), encoding="utf-8")
    result = cli("check", "--kit", example_kit)
    assert result.exit_code == 1
    stale = [line for line in result.output.splitlines() if "[translation]" in line]
    assert any("slides/es/national-stats.md" in line and "updated in English since it was translated" in line
               for line in stale)
    assert any("figures" in line and "518" in line for line in stale)  # the fact that differs, named


def test_a_spanish_edit_that_changes_a_fact_fails_check_too(cli, example_kit):
    assert cli("slides", "copy", "national-stats", "--kit", example_kit).exit_code == 0
    twin = example_kit / "slides" / "es" / "national-stats.md"
    text = twin.read_text(encoding="utf-8")
    slides_before = text.count("\n---\n")
    twin.write_text(text.replace("1,581", "1,851"), encoding="utf-8")
    result = cli("check", "--kit", example_kit)
    assert result.exit_code == 1
    assert any("[translation]" in line and "figures" in line for line in result.output.splitlines())
    twin.write_text(text.replace("[@iacp-2016]", "", 1), encoding="utf-8")
    assert twin.read_text(encoding="utf-8").count("\n---\n") == slides_before
    result = cli("check", "--kit", example_kit)
    assert result.exit_code == 1 and "citations" in result.output


def test_every_built_in_twin_is_in_step_with_its_english_module():
    from kit.content import load_module

    for folder in (builtin_path("slides"), builtin_path("slides") / "states" / "co"):
        for twin_path in sorted((folder / "es").glob("*.md")):
            if twin_path.stem.isupper():
                continue
            twin, english = load_module(twin_path, language="es"), load_module(folder / twin_path.name)
            assert twin.translated_from == english_hash(english), twin_path
            assert (twin.id, twin.minutes, twin.sources, twin.reviewed) == \
                (english.id, english.minutes, english.sources, english.reviewed)


# ---------------------------------------------------------------- contacts


def test_the_hotline_s_languages_are_not_claimed_until_an_agency_confirms_them(spanish_outputs, example_kit,
                                                                                 cli, tmp_path):
    from kit.profile import load_profile

    hotline = load_profile(example_kit).contacts["national_hotline"]
    assert hotline.languages["text"] == ("en", "es") and hotline.languages_verified is None
    assert hotline.serves("es") == ()
    leaflet = pdf_text(spanish_outputs["handouts"] / "what-you-can-do.pdf")
    assert "en español" not in leaflet
    kit_toml = example_kit / "kit.toml"
    kit_toml.write_text(kit_toml.read_text() + "\n[contacts.national_hotline]\nverified = 2026-11-30\n"
                                                   "languages_verified = 2026-11-30\n")
    assert cli("handouts", "--kit", example_kit, "--language", "es", "--out", tmp_path).exit_code == 0
    assert "Teléfono, mensaje de texto y chat en español" in pdf_text(tmp_path / "what-you-can-do.pdf", layout=False)


# ---------------------------------------------------------------- a third language, as content alone


def test_a_third_language_added_as_content_alone_builds(cli, example_kit, tmp_path):
    """A kit's own languages/xx/ (its texts, handouts, take-home and banned terms) and slides/xx/ (a twin of every
    module, each marked with the hash of its English text, and the recipes' titles): no code changes."""
    from kit.content import load_library
    from kit.profile import load_profile

    folder = example_kit / "languages" / "xx"
    folder.mkdir(parents=True)
    for name in ("handouts.toml", "takehome.toml", "banned-terms.yaml"):
        shutil.copy(data_path("languages", "en", name), folder / name)
    texts = data_path("languages", "en", "texts.toml").read_text(encoding="utf-8")
    texts = texts.replace('name = "English"', 'name = "Xish"').replace('locale = "en_US"', 'locale = "en_GB"')
    (folder / "texts.toml").write_text(texts.replace('agenda = "Agenda"', 'agenda = "XX-Agenda"'), encoding="utf-8")
    twins = example_kit / "slides" / "xx"
    twins.mkdir(parents=True)
    library = load_library(load_profile(example_kit))
    for module in library.modules.values():
        text = module.path.read_text(encoding="utf-8")
        twin = text.replace("\ntitle: ", "\ntitle: XX ", 1).replace(
            "\n---\n", f'\ntranslated_from: "{english_hash(module)}"\n---\n', 1)
        (twins / module.path.name).write_text(twin, encoding="utf-8")
    recipes = {r.id: {"title": f"XX {r.title}", "sections": [f"XX {s.title}" for s in r.sections]}
               for r in library.recipes.values()}
    (twins / "recipes.toml").write_text(tomli_w.dumps(recipes), encoding="utf-8")

    result = cli("deck", "build", "--kit", example_kit, "--language", "xx", "--out", tmp_path / "xx.pptx",
                 "--date", "1 February 2027")
    assert result.exit_code == 0, result.output
    parts = deck_parts(tmp_path / "xx.pptx")
    assert parts[0][0].startswith("XX ") and "XX-Agenda" in [title for title, _, _ in parts]
    assert Presentation(str(tmp_path / "xx.pptx")).core_properties.language == "en-US"  # its texts' tag
    checked = cli("check", "--kit", example_kit)
    assert "[translation]" not in checked.output, checked.output


def test_a_spanish_group_s_before_and_after_cards_ask_the_twins_questions(cli, tmp_path):
    result = cli("sheets", "survey", "--kit", example_kit_path(), "--session", SPANISH_TALK, "--out", tmp_path,
                 "--cards", "2")
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_text(tmp_path / SPANISH_TALK / "survey.pdf", layout=False).split())
    assert "¿Qué sabe usted? Antes y después de la charla" in text and "Verdadero" in text
    assert "What do you know?" not in text and SPANISH_DAY.search(text)
