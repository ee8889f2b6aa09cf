"""``blockwatch check``: each rule fires on a bad module or profile, naming file, line and rule; the example passes."""

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from kit.check import core, language
from kit.check.contacts import age as contact_age
from kit.check.language import find_terms, load_banned_terms
from kit.check.messages import MESSAGES
from kit.check.numbers import figure_keys, figures, normalize_number
from kit.profile import Contact
from kit.resources import builtin_path, example_kit_path
from kit.workspace import Kit

TODAY = "2026-11-30"  # on or after the built-in modules' review dates
MODULE = """---
id: {id}
title: Module {id}
minutes: 2
sources: {sources}
reviewed: {reviewed}
---

{body}
"""


def module(id: str, body: str, *, sources: str = "[iacp-2016]", reviewed: str = "2026-11-01") -> str:
    return MODULE.format(id=id, body=body, sources=sources, reviewed=reviewed)


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the first line holding ``needle``: where the finding must point."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), start=1) if needle in line)


def check(cli, kit: Path, *args):
    return cli("check", "--kit", kit, "--today", TODAY, *args)


def findings(result, rule: str) -> list[str]:
    return [line for line in result.output.splitlines() if f"[{rule}]" in line]


def test_example_kit_passes(cli, example_kit):
    result = cli("check", "--kit", example_kit)
    assert result.exit_code == 0, result.output
    assert re.search(r"^0 errors, \d+ warnings$", result.output, re.M), result.output


def test_unknown_inline_citation_is_an_error(cli, example_kit, add_module):
    path = add_module(example_kit, "bad.md", module("bad", "## Bad citation\n\n- Something [@no-such-source]\n"))
    result = check(cli, example_kit)
    assert result.exit_code == 1, result.output
    assert f"{path}:{line_of(path, '[@no-such-source]')}: error: [unresolved-source]" in result.output
    assert re.search(r"^1 errors, \d+ warnings$", result.output, re.M), result.output


def test_citation_missing_from_front_matter_is_a_warning(cli, example_kit, add_module):
    path = add_module(example_kit, "bad.md", module("bad", "## Unlisted\n\n- Recruited online [@co4kids-what-is]\n"))
    result = check(cli, example_kit)
    assert result.exit_code == 0, result.output
    assert f"{path}:{line_of(path, '[@co4kids-what-is]')}: warning: [unresolved-source]" in result.output


def test_unknown_front_matter_source_stops_loading(cli, example_kit, add_module):
    path = add_module(example_kit, "bad.md", module("bad", "## Fine\n\n- Text\n", sources="[no-such-source]"))
    result = check(cli, example_kit)
    assert result.exit_code == 2
    assert f"{path}:2: cites [@no-such-source], which is not in bibliography.yaml" in result.output


def test_banned_term_on_a_slide_names_the_preferred_wording(cli, example_kit, add_module):
    path = add_module(example_kit, "bad.md", module("bad", "## Words\n\n- She was called a Child  Prostitute\n"))
    result = check(cli, example_kit)
    assert result.exit_code == 1, result.output
    [finding] = findings(result, "banned-term")
    assert finding.startswith(f"{path}:{line_of(path, 'Prostitute')}: error: [banned-term]")
    assert "'child sex trafficking victim'" in finding


def test_banned_term_in_notes_and_whole_words_only(cli, example_kit, add_module):
    body = "## Words\n\n- A pimple is not a word we ban\n\n::: notes\nThe pimp took her money.\n:::\n"
    path = add_module(example_kit, "bad.md", module("bad", body))
    result = check(cli, example_kit)
    assert [f.split(": error")[0] for f in findings(result, "banned-term")] == [f"{path}:{line_of(path, 'The pimp')}"]


def test_banned_term_skips_profile_names(cli, example_kit, add_module):
    kit_toml = example_kit / "kit.toml"
    kit_toml.write_text(kit_toml.read_text().replace("Officer Dana Okafor", "Officer John Okafor"))
    add_module(example_kit, "hello.md", module("hello", "## Hello\n\n- I am {{ presenter.name }}\n"))
    result = check(cli, example_kit)
    assert not findings(result, "banned-term"), result.output


def test_number_from_no_source_is_an_error(cli, example_kit, add_module):
    body = ("## Numbers\n\n- Nearly 4800 children [@iacp-2016]\n- Call {{ agency.non_emergency }}\n"
            "- 37 cases last year\n\n::: notes\nSay 99 in the notes if you like.\n:::\n")
    path = add_module(example_kit, "bad.md", module("bad", body))
    result = check(cli, example_kit)
    assert result.exit_code == 1, result.output
    [finding, in_notes] = findings(result, "unsourced-number")
    assert finding.startswith(f"{path}:{line_of(path, '37 cases')}: error: [unsourced-number] '37'")
    assert in_notes.startswith(f"{path}:{line_of(path, 'Say 99')}: error: [unsourced-number] '99' in the speaker notes")


def test_citation_ids_and_local_statistics_are_not_numbers(cli, example_kit, add_module):
    body = "## Local\n\n- {{ stats.co_cross_country_2017.value }} children in 2017 [@co4kids-blog-2018-awareness-day]\n"
    add_module(example_kit, "local.md", module("local", body, sources="[co4kids-blog-2018-awareness-day]"))
    result = check(cli, example_kit)
    assert not findings(result, "unsourced-number"), result.output


def test_old_source_is_a_warning(cli, example_kit, add_module):
    (example_kit / "slides").mkdir(exist_ok=True)
    (example_kit / "slides" / "bibliography.yaml").write_text(
        "old-report:\n  title: An old report\n  publisher: Someone\n  year: 2001\n  figures: ['12']\n")
    kit_toml = example_kit / "kit.toml"  # past the ceiling (15 years by default) an old source is an error
    assert "[check]" not in kit_toml.read_text()
    kit_toml.write_text(kit_toml.read_text() + "\n[check]\nsource_ceiling_years = 30\n")
    path = add_module(example_kit, "old.md", module("old", "## Old\n\n- 12 cases [@old-report]\n",
                                                    sources="[old-report]"))
    result = check(cli, example_kit)
    assert result.exit_code == 0, result.output
    assert f"{path}:{line_of(path, 'sources:')}: warning: [old-source] source 'old-report' is from 2001" \
           in result.output


def test_stale_or_missing_review_is_a_warning(cli, example_kit, add_module):
    stale = add_module(example_kit, "stale.md", module("stale", "## Stale\n\n- Text\n", reviewed="2024-01-01"))
    missing = add_module(example_kit, "missing.md", module("missing", "## Missing\n\n- Text\n", reviewed="null"))
    result = check(cli, example_kit)
    assert result.exit_code == 0, result.output
    assert f"{stale}:{line_of(stale, 'reviewed:')}: warning: [stale-review]" in result.output
    assert f"{missing}:2: warning: [stale-review]" in result.output


def test_stale_contact_is_a_warning(cli, example_kit):
    kit_toml = example_kit / "kit.toml"
    kit_toml.write_text(kit_toml.read_text().replace("verified = 2026-11-02", "verified = 2024-06-01"))
    result = check(cli, example_kit)
    assert result.exit_code == 0, result.output
    assert f"{kit_toml}:{line_of(kit_toml, '[contacts.state_hotline]')}: warning: [contact-stale] " \
           f"contact 'state_hotline'" in result.output


def test_unverified_contact_on_slides_is_a_warning_until_verified(cli, example_kit):
    kit_toml = example_kit / "kit.toml"
    result = check(cli, example_kit)
    assert result.exit_code == 0, result.output
    assert f"{kit_toml}: warning: [contact-unverified] contact 'cybertipline'" in result.output
    assert "contact 'hsi_tipline'" not in result.output  # not printed on any slide
    kit_toml.write_text(kit_toml.read_text() + '\n[contacts.cybertipline]\nverified = 2026-11-20\n')
    result = check(cli, example_kit)
    assert "contact 'cybertipline'" not in result.output, result.output


def test_recipe_outside_its_time_is_an_error(cli, example_kit, add_module):
    add_module(example_kit, "short.md", module("short", "## Short\n\n- Text\n"))
    kit_toml = example_kit / "kit.toml"
    kit_toml.write_text(kit_toml.read_text() + '\n[recipes.too-short]\ntitle = "Too short"\nmodules = ["short"]\n')
    result = check(cli, example_kit)
    assert result.exit_code == 1, result.output
    assert f"{kit_toml}:{line_of(kit_toml, '[recipes.too-short]')}: error: [recipe-timing] recipe 'too-short'" \
           in result.output


def test_recipe_target_outside_45_to_60_is_a_warning(cli, example_kit, add_module, add_recipe):
    add_module(example_kit, "short.md", module("short", "## Short\n\n- Text\n"))
    add_recipe(example_kit, "quick", ["short"])  # target [1, 60]
    result = check(cli, example_kit)
    assert result.exit_code == 0, result.output
    kit_toml = example_kit / "kit.toml"
    assert f"{kit_toml}:{line_of(kit_toml, '[recipes.quick]')}: warning: [recipe-timing] recipe 'quick' targets 1-60" \
           in result.output


def test_slide_that_cannot_fit_is_an_error(cli, example_kit, add_module):
    words = " ".join(["neighbors notice what strangers miss"] * 40)
    path = add_module(example_kit, "long.md", module("long", f"## Too much\n\n- {words}\n"))
    result = check(cli, example_kit)
    assert result.exit_code == 1, result.output
    assert f"{path}:{line_of(path, '## Too much')}: error: [slide-fit]" in result.output


def test_duplicate_slide_title_is_an_error(cli, example_kit, add_module, add_recipe):
    path = add_module(example_kit, "twice.md", module("twice", "## Same\n\n- One\n\n---\n\n## Same\n\n- Two\n"))
    result = check(cli, example_kit)
    assert result.exit_code == 1, result.output
    second = path.read_text().splitlines().index("## Same", line_of(path, "## Same")) + 1
    assert f"{path}:{second}: error: [duplicate-title] slide title 'Same'" in result.output


def test_module_that_cannot_be_realized_is_an_error(cli, example_kit, add_module):
    path = add_module(example_kit, "bad.md", module("bad", "## Bad\n\n- Call {{ agency.fax }}\n"))
    result = check(cli, example_kit)
    assert result.exit_code == 1, result.output
    assert f"{path}:{line_of(path, 'agency.fax')}: error: [module] undefined template variable" in result.output


def test_bad_today_is_refused(cli, example_kit):
    result = cli("check", "--kit", example_kit, "--today", "24/11/2026")
    assert result.exit_code == 2


def test_profile_values_count_whole_not_digit_by_digit(cli, example_kit, add_module):
    body = "## Call\n\n- Call {{ contacts.national_hotline.number }} within 4 hours\n"
    path = add_module(example_kit, "call.md", module("call", body, sources="[co4kids-what-is]"))
    result = check(cli, example_kit)
    assert [f.split(" comes")[0] for f in findings(result, "unsourced-number")] == [
        f"{path}:{line_of(path, 'within 4')}: error: [unsourced-number] '4' on slide 'Call'"]


def test_empty_agency_number_is_an_error(example_kit, cli):
    path = example_kit / "kit.toml"
    path.write_text(path.read_text().replace('non_emergency = "(303) 555-0142"', 'non_emergency = ""'))
    result = cli("check", "--kit", example_kit)
    assert result.exit_code == 1
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if text.startswith("non_emergency"))
    assert f"{path}:{line}: error: [agency-number]" in result.stdout


def test_a_group_with_no_talk_is_a_warning(example_kit, cli):
    from kit.bookings import read_bookings, write_bookings

    path = example_kit / "events" / "bookings.toml"
    talks = read_bookings(path, presenters=None)
    write_bookings(path, talks[1:])
    assert cli("events", "cancel", talks[1].id, "--kit", example_kit).exit_code == 0  # a cancelled talk is none
    result = check(cli, example_kit)
    assert result.exit_code == 0, result.output  # a warning, not an error
    groups = example_kit / "events" / "groups.toml"
    lines = {t.group: line_of(groups, 'id = "%s"' % t.group) for t in talks[:2]}
    assert findings(result, "no-talk") == [
        f"{groups}:{line}: warning: [no-talk] group '{group}' has no talk booked in bookings.toml — book the "
        f"season's talks with the planner, or add a [[talks]] entry for it by hand"
        for group, line in sorted(lines.items(), key=lambda item: item[1])]


def test_a_talk_on_its_presenters_blackout_is_an_error(example_kit, cli):
    from kit.events import load_season
    from kit.profile import load_profile

    talk = load_season(load_profile(example_kit)).talks()[2]
    kit_toml = example_kit / "kit.toml"
    text = kit_toml.read_text()
    at = text.index("blackouts = [", text.index(f'id = "{talk.presenter.id}"')) + len("blackouts = [")
    kit_toml.write_text(text[:at] + f"{talk.start.date()}, " + text[at:])
    result = check(cli, example_kit)
    assert result.exit_code == 1
    assert findings(result, "talk-rules") == [
        f"{example_kit / 'events' / 'bookings.toml'}: error: [talk-rules] talk '{talk.id}' on {talk.start.date()} "
        f"falls on a blackout date of '{talk.presenter.id}' — move the talk in the planner's bookings (book again), "
        f"or edit it by hand"]


def test_a_season_that_does_not_load_is_one_finding(example_kit, cli):
    path = example_kit / "events" / "bookings.toml"
    path.write_text(path.read_text().replace('presenter = "okafor"', 'presenter = "okafr"', 1))
    result = check(cli, example_kit)
    assert result.exit_code == 1
    [line] = findings(result, "season")
    assert line.startswith(f"{path}:") and "names an unknown presenter 'okafr' (did you mean 'okafor'?)" in line


def test_a_kit_without_groups_has_no_talk_findings(cli, tmp_path):
    result = cli("init", tmp_path / "new", "--state", "CO")
    assert result.exit_code == 0
    result = check(cli, tmp_path / "new")
    assert not findings(result, "no-talk") and not findings(result, "season")


# ================================================================================================
# Rules one by one: each fires on what it is for and stays quiet on the harmless look-alikes.
# The pure matchers are tested directly; the rules run once on one kit built for them (``linted``).
# ================================================================================================


TODAY_DATE = dt.date.fromisoformat(TODAY)


@pytest.mark.parametrize("text, found", [
    ("Nearly 4,800 children", [("4,800", "4800")]),
    ("4800 children", [("4800", "4800")]),
    ("nearly four thousand eight hundred children", [("four thousand eight hundred", "4800")]),
    ("three hundred thousand children", [("three hundred thousand", "300000")]),
    ("a dozen girls", [("a dozen", "12")]),
    ("1 in 6 runaways", [("1 in 6", "1 in 6")]),
    ("one in six runaways", [("one in six", "1 in 6")]),
    ("one of every six", [("one of every six", "1 in 6")]),
    ("half of all victims", [("half", "1/2")]),
    ("two-thirds of them", [("two-thirds", "2/3")]),
    ("ten percent", [("ten percent", "10%")]),
    ("More than $3.1 million in assets", [("3.1 million", "3100000")]),
    ("three point one million dollars", [("three point one million", "3100000")]),
    ("one thousand five hundred eighty-one reports", [("one thousand five hundred eighty-one", "1581")]),
    ("all fifty states", [("fifty", "50")]),
    ("nearly 2000 children", [("2000", "2000")]),
    ("dozens of children", [("dozens", "dozens")]),
    ("17 children in 2017", [("17", "17")]),
])
def test_figures_in_digits_and_words_are_found_whole(text, found):
    assert [(f.text, f.key) for f in figures(text, "en-US")] == found


@pytest.mark.parametrize("text", [
    "We meet the 2nd Tuesday at 7 PM", "doors open at 7:00 p.m.", "the talk starts at 18:30", "call 24/7",
    "St. John's Hospital", "Highway 61 and I-25", "1200 Lakeview Parkway", "Between 2003 and 2014, task forces",
    "in 2016 the state expanded", "January 23, 2018", "October 2017", "Call 1-844-CO-4-KIDS (1-844-264-5437)",
    "(303) 555-0142", "Step 2: call", "1. Learn the signs", "I want you to know three things", "no one in the room",
    "the first half means", "a third group", "about twelve years", "see report.cybertip.org [@iacp-2016]",
])
def test_harmless_numbers_are_not_figures(text):
    assert figures(text, "en-US") == ()


def test_number_normalisation_follows_the_language():
    assert normalize_number("4.800", "es-ES") == 4800 and str(normalize_number("4.800", "en-US")) == "4.800"
    assert normalize_number("4,800", "en-US") == 4800 and str(normalize_number("3,5", "es-ES")) == "3.5"
    assert [f.key for f in figures("4.800 niños", "es-ES")] == ["4800"]
    # The kit's Spanish is es_US, as Babel (CLDR) writes it: "4,800" and "3.1".
    assert normalize_number("4,800", "es") == 4800 and str(normalize_number("3.1", "es")) == "3.1"


def test_a_listed_figure_counts_whole():
    assert figure_keys("1 in 6", "en") == {"1 in 6"}
    assert figure_keys("20-25", "en") == {"20", "25"}
    assert "1 in 10" not in figure_keys("1", "en") | figure_keys("10", "en")


@pytest.mark.parametrize("text, found", [
    ("She was called a Child  Prostitute", "Child Prostitute"),
    ("teen prostitutes", "teen prostitutes"),
    ("a child sex-worker", "child sex-worker"),
    ("a pros\u00adtitute", "prostitute"),
    ("child\u200b prostitutes", "child prostitutes"),
    ("she was called a child\nprostitute", "child prostitute"),
    ("the prosti-\ntute label", "prostitute"),
    ("pimps and their money", "pimps"),
    ("buyers, called johns, pay", "johns"),
    ("Johns pay to abuse children", "Johns"),
    ("sex with minors", "sex with minors"),
    ("kiddie porn", "kiddie porn"),
    ("an underage woman", "underage woman"),
    ("a pr\u043estitute", "prostitute"),
    ("illegal aliens", "illegal aliens"),
])
def test_banned_terms_in_every_form(text, found):
    matches = find_terms(text, load_banned_terms())
    assert [(m.found, m.term.level) for m in matches] == [(found, "error")]


@pytest.mark.parametrize("text, found", [
    ("The trafficker kept a stable of girls", "stable"),
    ("Girls were sold on the track near the motel", "track"),
    ("She was recruited into the game by a trafficker", "the game"),
    ("He sent her to meet a trick at the motel", "a trick"),
    ("The bottom girl recruited others", "bottom girl"),
    ("She had to call the trafficker daddy", "daddy"),
    ("A Romeo trafficker posed as her boyfriend", "Romeo"),
    ("The child was willing to go with him", "willing"),
    ("Police rescued the children", "rescued"),
    ("They turn tricks for money", "turn tricks"),
])
def test_slang_and_consent_words_are_warnings_in_context(text, found):
    assert [(m.found, m.term.level) for m in find_terms(text, load_banned_terms())] == [(found, "warning")]


@pytest.mark.parametrize("text", [
    "St. John's Hospital is on Highway 61", "John Smith coaches the team", "Johns Hopkins researchers",
    "Never call a child a \u201cprostitute\u201d: a child in commercial sex is a victim.",
    "A stable home protects children", "Keep track of your child's online friends",
    "Traffickers trick children into working", "Her daddy picked her up from school",
    "Romeo and Juliet is on at the library", "A child is a victim even if they say they are willing",
    "sex that was not consensual, from a child", "Never try to investigate or rescue on your own.",
    "a positive difference in the life of a child", "A pimple is not a word we ban",
    "Traffickers call it \u201cthe game\u201d; you may hear children say it.",
])
def test_ordinary_english_and_rejected_quotes_pass(text):
    assert find_terms(text, load_banned_terms()) == []


# ---- one kit with a module (or a kit.toml entry) for each case ----------------------------------

def _mod(id_, body, *, sources="[lint-survey]", reviewed="2026-11-01", minutes=2):
    return MODULE.format(id=id_, body=body, sources=sources, reviewed=reviewed).replace(
        "minutes: 2", f"minutes: {minutes}")


LINT_BIBLIOGRAPHY = """\
lint-survey:
  title: A survey for the checker's tests
  publisher: Test Publisher
  year: 2024
  url: https://example.org/survey
  figures: ["1", "10", "250", "4,800"]
old-data:
  title: Figures with old data
  publisher: Test Publisher
  year: 2013
  data_end: 2011
  url: https://example.org/old
  figures: ["310"]
ancient-data:
  title: Figures with very old data
  publisher: Test Publisher
  year: 2009
  data_end: 2005
  url: https://example.org/ancient
  figures: ["90"]
undated-page:
  title: An undated page
  publisher: Test Publisher
  year: n.d.
  url: https://example.org/undated
no-url-entry:
  title: A report with no address
  publisher: Test Publisher
  year: 2025
no-year-entry:
  title: A page with no year
  publisher: Test Publisher
  url: https://example.org/no-year
polaris-hotline:
  title: "National Human Trafficking Hotline"
  publisher: Polaris
  year: 2020
  url: https://humantraffickinghotline.org
  figures: ["24/7", "200+"]
"""

LINT_KIT_TOML = """
[contacts.national_hotline]
number = "1-888-373-7889"
verified = 2026-11-01

[contacts.lint_line]
label = "Johns tip line"
number = "1-800-555-0100"
citation = "example.org"
verified = 2026-11-01

[stats.bad_value]
value = "65"
wording = "county departments in 12 regions"
source = "co4kids-blog-2018-truth"
year = 2018

[stats.missing_source]
value = "5"
wording = "cases"
source = "ohio-htf-2023"
year = 2023

[stats.old_count]
value = "250"
wording = "children recovered from pimps"
source = "lint-survey"
year = 2012

[recipes.lint-used]
title = "A 45-minute talk"
target = [1, 60]
qa_minutes = 0
sections = [{ title = "Only section", modules = ["used-one"] }]

[recipes.lint-missing]
title = "Names a module that is nowhere"
modules = ["used-one", "no-such-module"]

[recipes.lint-titles]
title = "Top 10 warning signs"
target = [1, 60]
qa_minutes = 0
sections = [{ title = "Child prostitution myths", modules = ["used-one"] }]
"""

ENOUGH_NOTES = "::: notes\n" + "We talk about what neighbors can notice and whom they can call. " * 12 + "\n:::\n"

LINT_MODULES = {
    "fig-places": (
        "## Words in the notes\n\n- A plain bullet [@lint-survey]\n\n::: notes\nNearly three hundred thousand "
        "children are at risk, and a dozen more every week.\n:::\n\n---\n\n## 5,000 reasons to call\n\n- Text\n\n"
        "---\n\n## A picture\n\n![Photo of 40 children at a bus stop](picture.png)\n\n---\n\n## A table\n\n"
        ":::: columns\n::: column\n### Then\n\n- 300 reports\n:::\n::: column\n### Now\n\n- Fewer\n:::\n::::\n\n"
        "---\n\n## A stat\n\n::: stat\n4,000\nchildren [@lint-survey]\n:::\n\n---\n\n## A quote\n\n"
        "> Half of the children ran away first.\n> -- A Lakeview block-watch captain, 2025\n"),
    "fig-ratio": "## Ratios\n\n- 1 in 10 children [@lint-survey]\n- 4,800, 4800 or four thousand eight hundred\n",
    "fig-harmless": (
        "## Harmless numbers\n\n- We meet the 2nd Tuesday at 7 PM, doors at 6:30 p.m. (18:30)\n"
        "- The hotline answers 24/7; call {{ agency.non_emergency }} or 911\n"
        "- Meet at St. John's Hospital on Highway 61, 1200 Lakeview Parkway\n"
        "- In 2016 the state changed its law; see the report of January 23, 2018\n"
        "- {{ stats.co_cross_country_2017.value }} children {{ stats.co_cross_country_2017.wording }}\n\n"
        "::: notes\nStep 2 is the call. I want you to remember three things tonight. Our number is (303) 555-0142, "
        "and the state's is 1-844-CO-4-KIDS.\n:::\n\n---\n\n## A quote with a date\n\n"
        "> Neighbors notice what strangers miss.\n> -- A Lakeview block-watch captain, 2025\n"),
    "fig-phone": "## A number from nowhere\n\n- Call our tip line at 555-0199\n",
    "lang-places": (
        "## Child sex-workers in a title\n\n- Text\n\n::: notes\nThe prosti-\ntute label is wrong.\n:::\n\n---\n\n"
        "## Pictures and tables\n\n![A pimp on a street corner](x.png)\n\n:::: columns\n::: column\n### Then\n\n"
        "- Hookers\n:::\n::: column\n### Now\n\n- Victims\n:::\n::::\n\n---\n\n## A stat and a quote\n\n"
        "::: stat\n250\njohns arrested [@lint-survey]\n:::\n\n> She was no whore.\n> -- Someone\n"),
    "lang-fine": (
        "## Words that are fine\n\n- St. John's Hospital is on Highway 61\n- John Smith coaches the team\n"
        "- Never call a child a \u201cprostitute\u201d: a child in commercial sex is a victim\n"
        "- A stable home protects children\n- Keep track of your child's online friends\n"
        "- A child is a victim even if they say they are willing\n"),
    "cite-notes": "## A dangling citation\n\n- Text\n\n::: notes\nAs the guide says [@no-such-guide].\n:::\n",
    "review-future": "## Reviewed tomorrow\n\n- Text\n",
    "review-today": "## Reviewed today\n\n- Text\n",
    "lang-title": "## A fine slide\n\n- Text\n",
    "notes-old": "## Old source in the notes\n\n- Text\n\n::: notes\nAn older report [@old-data] agrees.\n:::\n",
    "stale-slides": (
        "## Old figures\n\n- 310 children [@old-data]\n\n---\n\n## Older figures (data from 2009-2011)\n\n"
        "- 310 cases [@old-data]\n\n---\n\n## Words only\n\n- The report describes the problem [@old-data]\n"),
    "ceiling": "## Very old figures\n\n- 90 children [@ancient-data]\n",
    "fresh": "## Fresh figures\n\n- 250 cases [@lint-survey]\n",
    "undated": "## Undated\n\n- Text [@undated-page]\n",
    "used-one": "## Used\n\n- Text\n\n" + ENOUGH_NOTES,
    "thin": "## Thin notes\n\n- Text\n\n::: notes\nShort.\n:::\n",
}
LINT_SOURCES = {"stale-slides": "[old-data]", "ceiling": "[ancient-data]", "undated": "[undated-page]",
                "fig-harmless": "[lint-survey, co4kids-blog-2018-awareness-day]"}
LINT_REVIEWED = {"review-future": "2027-01-01", "review-today": TODAY}
LINT_MINUTES = {"used-one": 1}


@pytest.fixture(scope="session")
def lint_kit(tmp_path_factory) -> Path:
    kit = tmp_path_factory.mktemp("lint") / "kit"
    shutil.copytree(example_kit_path(), kit)
    (kit / "slides").mkdir(exist_ok=True)
    for name, body in LINT_MODULES.items():
        text = _mod(name, body, sources=LINT_SOURCES.get(name, "[lint-survey]"),
                    reviewed=LINT_REVIEWED.get(name, "2026-11-01"), minutes=LINT_MINUTES.get(name, 2))
        (kit / "slides" / f"{name}.md").write_text(text.replace("title: Module lang-title", "title: Pimp control"),
                                                   encoding="utf-8")
    (kit / "slides" / "bibliography.yaml").write_text(LINT_BIBLIOGRAPHY, encoding="utf-8")
    (kit / "kit.toml").write_text((kit / "kit.toml").read_text() + LINT_KIT_TOML)
    return kit


@pytest.fixture(scope="session")
def lint_run(lint_kit):
    """(kit, every finding as check_kit reports it) for the lint kit, checked once."""
    kit = core.Kit(Kit.open(lint_kit), TODAY_DATE)
    return kit, core.present(core.collect(kit), builtin=False)


def hits(lint_run, rule, name=None, level=None) -> list[core.Finding]:
    kit, found = lint_run
    where = str(kit.profile.root / "slides" / f"{name}.md") if name and not name.endswith(".toml") \
        else str(kit.profile.root / name) if name else None
    return [f for f in found if f.rule == rule and (where is None or f.where == where)
            and (level is None or f.level == level)]


def quoted(findings) -> list[str]:
    return [re.match(r"'([^']*)'", f.message).group(1) for f in findings]


def test_figures_are_looked_for_in_every_place_of_a_slide(lint_run):
    found = hits(lint_run, "unsourced-number", "fig-places")
    assert sorted(quoted(found)) == sorted(["three hundred thousand", "a dozen", "5,000", "40", "300", "4,000",
                                            "Half"])
    places = {re.match(r"'[^']*'(.*?) on slide", f.message).group(1) for f in found}
    assert places == {" in the speaker notes", " in the title", " in the alt text of an image", " in a table",
                      " in a stat", " in a quote"}
    path = lint_run[0].profile.root / "slides" / "fig-places.md"
    assert {f.line for f in found if quoted([f]) == ["300"]} == {line_of(path, "300 reports")}


def test_a_ratio_needs_its_whole_figure_listed(lint_run):
    [finding] = hits(lint_run, "unsourced-number", "fig-ratio")
    assert finding.message.startswith("'1 in 10' on slide 'Ratios' is listed only in parts ('1', '10')")


def test_harmless_numbers_on_slides_pass(lint_run):
    assert hits(lint_run, "unsourced-number", "fig-harmless") == []
    assert hits(lint_run, "unknown-phone", "fig-harmless") == []


def test_a_phone_number_not_in_kit_toml_is_an_error(lint_run):
    [finding] = hits(lint_run, "unknown-phone", "fig-phone", "error")
    assert "'555-0199'" in finding.message and "kit.toml" in finding.message


def test_kit_statistics_must_be_among_their_sources_figures(lint_run):
    kit_toml = lint_run[0].profile.file
    found = {(f.line, f.message.split(" (")[0]) for f in hits(lint_run, "unsourced-number", "kit.toml")}
    assert found == {
        (line_of(kit_toml, 'value = "65"'),
         "[stats.bad_value] value '65' is not among the figures of the built-in source 'co4kids-blog-2018-truth'"),
        (line_of(kit_toml, 'wording = "county departments in 12 regions"'),
         "[stats.bad_value] wording '12' is not among the figures of the built-in source 'co4kids-blog-2018-truth'"),
    }  # the example's own statistics, and old_count ('250' from lint-survey), are among their sources' figures
    [missing] = hits(lint_run, "unresolved-source", "kit.toml")
    assert missing.line == line_of(kit_toml, 'source = "ohio-htf-2023"')
    assert "slides/bibliography.yaml in this kit" in missing.message


def test_figures_in_recipe_titles_are_errors_but_a_talks_length_is_not(lint_run):
    kit_toml = lint_run[0].profile.file
    [finding] = hits(lint_run, "recipe-number")
    assert (finding.where, finding.line) == (str(kit_toml), line_of(kit_toml, 'title = "Top 10 warning signs"'))
    assert "'10' in the title of recipe 'lint-titles'" in finding.message


def test_a_recipe_naming_a_missing_module_is_an_error(lint_run):
    kit_toml = lint_run[0].profile.file
    [finding] = hits(lint_run, "recipe")
    assert finding.line == line_of(kit_toml, "[recipes.lint-missing]")
    assert finding.message.startswith("recipe 'lint-missing' names module 'no-such-module'")


def test_banned_terms_are_found_in_every_place_with_their_lines(lint_run):
    found = hits(lint_run, "banned-term", "lang-places", "error")
    assert sorted(quoted(found)) == sorted(["Child sex-workers", "prostitute", "pimp", "Hookers", "johns", "whore"])
    path = lint_run[0].profile.root / "slides" / "lang-places.md"
    lines = {quoted([f])[0]: f.line for f in found}
    assert lines["prostitute"] == line_of(path, "The prosti-")
    assert lines["Hookers"] == line_of(path, "- Hookers")
    assert "in the alt text of an image" in next(f.message for f in found if quoted([f]) == ["pimp"])


def test_a_banned_term_in_a_modules_title_is_found(lint_run):
    [finding] = hits(lint_run, "banned-term", "lang-title")
    assert finding.line == 3 and finding.message.startswith("'Pimp' in the module's title")


def test_ordinary_words_and_names_on_slides_pass(lint_run):
    assert hits(lint_run, "banned-term", "lang-fine") == []


def test_banned_terms_in_kit_toml_recipes_and_contacts(lint_run):
    kit_toml = lint_run[0].profile.file
    found = {(f.line, quoted([f])[0]) for f in hits(lint_run, "banned-term", "kit.toml")}
    assert (line_of(kit_toml, 'wording = "children recovered from pimps"'), "pimps") in found
    assert (line_of(kit_toml, 'label = "Johns tip line"'), "Johns") in found
    assert any(term == "Child prostitution" for _, term in found)


def test_banned_terms_in_the_handouts_are_found_and_the_leaflets_quote_passes(lint_kit, tmp_path):
    kit = core.Kit(Kit.open(lint_kit), TODAY_DATE)
    assert not [f for f in language.kit_findings(kit) if f.builtin == "built-in handouts"]
    kit.handouts = tmp_path / "handouts.toml"
    kit.handouts.write_text('[tipcard]\ntitle = "Signs of child prostitutes"\n')
    [finding] = [f for f in language.kit_findings(kit) if f.builtin == "built-in handouts"]
    assert "'child prostitutes' in tipcard.title" in finding.message


def test_a_dangling_citation_in_the_notes_is_an_error(lint_run):
    [finding] = hits(lint_run, "unresolved-source", "cite-notes", "error")
    path = lint_run[0].profile.root / "slides" / "cite-notes.md"
    assert finding.line == line_of(path, "[@no-such-guide]")
    assert "[@no-such-guide] in the speaker notes" in finding.message


def test_a_review_date_in_the_future_is_an_error_and_today_is_fine(lint_run):
    [finding] = hits(lint_run, "future-review", "review-future")
    assert finding.level == "error" and "2027-01-01" in finding.message
    assert hits(lint_run, "future-review", "review-today") == hits(lint_run, "stale-review", "review-today") == []


def test_a_source_cited_only_in_the_notes_counts_as_old(lint_run):
    [finding] = hits(lint_run, "old-source", "notes-old", "warning")
    assert "source 'old-data' is from 2013" in finding.message
    assert hits(lint_run, "old-source", "fresh") == hits(lint_run, "old-source", "undated") == []


def test_old_data_warns_on_each_slide_that_shows_it_and_asks_for_its_years(lint_run):
    path = lint_run[0].profile.root / "slides" / "stale-slides.md"
    stale = hits(lint_run, "stale-data", "stale-slides", "warning")
    assert [f.line for f in stale] == [line_of(path, "## Old figures"), line_of(path, "## Older figures")]
    [undated] = hits(lint_run, "data-years", "stale-slides")
    assert undated.line == line_of(path, "## Old figures") and "(data up to 2011)" in undated.message
    assert hits(lint_run, "stale-data", "fresh") == []


def test_data_past_the_ceiling_is_an_error(lint_run):
    [finding] = hits(lint_run, "stale-data", "ceiling")
    assert finding.level == "error" and "past the 15-year limit" in finding.message
    assert [f.level for f in hits(lint_run, "old-source", "ceiling")] == ["error"]


def test_old_local_statistics_warn_in_kit_toml(lint_run):
    kit_toml = lint_run[0].profile.file
    [finding] = hits(lint_run, "stale-data", "kit.toml")
    assert finding.line == line_of(kit_toml, "year = 2012") and "[stats.old_count]" in finding.message


def test_kit_bibliography_gaps_and_overrides_are_warnings(lint_run):
    bib = lint_run[0].own_bibliography
    found = {(f.line, f.message.split(" — ")[0]) for f in hits(lint_run, "bibliography")}
    assert found == {
        (line_of(bib, "no-url-entry:"), "source 'no-url-entry' has no url"),
        (line_of(bib, "no-year-entry:"), "source 'no-year-entry' has no year"),
        (line_of(bib, "polaris-hotline:"),
         "source 'polaris-hotline' replaces the built-in source of that id and changes its year from none to 2020"),
    }


def test_a_kit_number_that_differs_from_the_built_in_one_is_a_warning(lint_run):
    kit_toml = lint_run[0].profile.file
    [finding] = hits(lint_run, "contact-differs")
    assert finding.line == line_of(kit_toml, 'number = "1-888-373-7889"')
    assert "contact 'national_hotline'" in finding.message  # state_hotline repeats the built-in number: quiet


def test_contact_age_runs_from_the_sources_own_date(lint_run):
    kit = lint_run[0]
    old = Contact(key="oh", label="Ohio line", number="855-642-4453", citation="toledoblade.com 2013; oncac.org",
                  recorded=dt.date(2026, 11, 24))
    [finding] = contact_age(kit, old)
    assert "comes from a source dated 2013" in finding.message
    assert contact_age(kit, Contact(**{**old.__dict__, "verified": dt.date(2026, 11, 1)})) == []
    assert contact_age(kit, Contact(**{**old.__dict__, "citation": "oncac.org"})) == []


def test_a_kit_module_in_no_recipe_is_named(lint_run):
    [finding] = hits(lint_run, "module-unused", "thin")
    assert finding.line == 2 and "module 'thin' is in no recipe" in finding.message and "kit.toml" in finding.message
    assert hits(lint_run, "module-unused", "used-one") == []


def test_thin_speaker_notes_are_a_warning(lint_run):
    [finding] = hits(lint_run, "thin-notes", "thin")
    assert finding.message.startswith("has 1 words of speaker notes for 2 minutes")
    assert hits(lint_run, "thin-notes", "used-one") == []


def test_messages_name_no_file_inside_the_package(lint_run):
    package = str(builtin_path("slides").parent)
    assert not [str(f) for f in lint_run[1] if package in str(f) and "/kit/slides/" not in str(f)]


# ---- the built-in library as it stands -----------------------------------------------------------

@pytest.fixture(scope="module")
def example_findings():
    return core.collect(core.Kit(Kit.open(example_kit_path()), TODAY_DATE))


def test_built_in_library_raises_no_false_alarm(example_findings):
    # The example kit keeps the default 10-year limit: the national figures, whose data end in 2014, are truly old.
    # Each slide showing them is warned about once, and says its years (so no [data-years] finding).
    stale = [f for f in example_findings if f.rule == "stale-data"]
    assert stale and all(f.level == "warning" and "from 'iacp-2016', whose data end in 2014" in f.message
                         and Path(f.where).stem == "national-stats" for f in stale)
    assert len({f.line for f in stale}) == len(stale)
    rules = {(f.rule, f.level) for f in example_findings if f not in stale}
    # The example's Spanish-speaking group: the hotline's languages are widely published, not confirmed.
    assert rules <= {("contact-unverified", "warning"), ("contact-stale", "warning"), ("banned-term", "warning"),
                     ("contact-languages", "warning")}
    assert {m for f in example_findings if f.rule == "banned-term" for m in quoted([f])} <= {"rescued"}


def test_findings_about_the_built_in_library_are_summed_up_in_one_line():
    kit = core.Kit(Kit.open(example_kit_path()), dt.date(2030, 1, 1))
    raw = core.collect(kit)
    builtin_slides = str(builtin_path("slides"))
    reviews = [f for f in raw if f.rule == "stale-review"]
    assert len(reviews) > 10 and all(f.where.startswith(builtin_slides) for f in reviews)  # --builtin shows these
    shown = core.present(raw, builtin=False)
    assert not [f for f in shown if builtin_slides in f.where or builtin_slides in f.message]
    [summary] = [f for f in shown if f.rule == "built-in"]
    assert f"modules due for review: {len(reviews)}" in summary.message and "update blockwatch-kit" in summary.message


def test_every_message_comes_from_the_table():
    used = set()
    for path in [*Path(core.__file__).parent.glob("*.py"), Path(core.__file__).parents[2] / "cli.py"]:
        for call in re.finditer(r"\bsay\(([^,)]+)", path.read_text()):
            used |= set(re.findall(r'"([\w-]+)"', call.group(1)))
    assert used == set(MESSAGES)


def test_a_built_in_slide_the_kits_values_break_is_named_not_located_in_the_package(example_profile):
    from dataclasses import replace

    from kit.check import decks
    from kit.content import load_library
    from kit.workspace import Kit as KitFolder

    profile = replace(example_profile, agency=replace(example_profile.agency, short_name="Lakeview " * 300))
    library = load_library(profile)
    library = replace(library, modules={"where-to-call": library.modules["where-to-call"]}, recipes={})
    kit = core.Kit(KitFolder.loaded(profile, library), TODAY_DATE)
    shown = core.present(decks.slide_fit(kit, decks.compose_decks(kit, set())), builtin=False)
    assert shown and {f.rule for f in shown} == {"slide-fit"}
    assert {f.where for f in shown} == {"built-in module 'where-to-call'"} and {f.line for f in shown} == {None}


# ---- what a kit must finish: placeholders, undeliverable addresses ---------------------------------------------

def test_each_placeholder_is_an_error_at_its_line(cli, tmp_path):
    kit = tmp_path / "new"
    assert cli("init", kit, "--state", "CO", "--agency", "Springfield PD",
               "--non-emergency", "(303) 555-0100").exit_code == 0
    result = check(cli, kit)
    assert result.exit_code == 1
    lines = findings(result, "placeholder")
    kit_toml = kit / "kit.toml"
    assert lines == [
        f"{kit_toml}:{line_of(kit_toml, key)}: error: [placeholder] field '{field}' is still a placeholder — replace "
        f"it with {wanted}; until then every build is refused"
        for key, field, wanted in (
            ('name = "<', "presenters[0].name", "the presenter's name"),
            ('title = "<', "presenters[0].title", "the presenter's title"),
            ('email = "<the presenter', "presenters[0].email", "the presenter's e-mail address"),
            ('email = "<the e-mail', "organizer.email", "the e-mail address invitations come from"))]
    assert not findings(result, "email") and "is not an e-mail address" not in result.output
    assert re.search(r"^4 errors, \d+ warnings$", result.output, re.M), result.output


def test_a_finished_kit_has_no_placeholder(cli, example_kit):
    assert not findings(check(cli, example_kit), "placeholder")


def test_an_address_no_mail_server_takes_is_an_error_at_its_roster_line(cli, example_kit):
    roster = example_kit / "events" / "rosters" / "aspen-hollow.csv"
    roster.write_text(roster.read_text() + "José Núñez,josé@example.org,,,yes\n"
                                           "Ida Example,ida@exámple.net,,,yes\n"       # an IDN domain goes as punycode
                                           "Kim Nomail,kím@example.org,,,no\n")        # never mailed: no finding
    result = check(cli, example_kit)
    assert result.exit_code == 1
    [line] = findings(result, "undeliverable-address")
    assert line == (f"{roster}:{line_of(roster, 'josé@')}: error: [undeliverable-address] José Núñez "
                    "<josé@example.org> agreed to be contacted, but cannot be mailed: the part before the @ has "
                    "letters outside plain ASCII, which most mail servers cannot deliver; ask the neighbor for "
                    "another address")


def test_each_problem_of_a_broken_events_folder_is_a_finding(cli, example_kit):
    path = example_kit / "events" / "groups.toml"
    path.write_text("[[groups]]\nid = 'x'\n")
    result = check(cli, example_kit)
    assert result.exit_code == 1
    assert [line.split("field ", 1)[1] for line in findings(result, "events")] == [
        f"'groups[0].{key}' is missing" for key in ("name", "neighborhood", "coordinator", "venue")]
    assert all(line.startswith(f"{path}: error: [events]") for line in findings(result, "events"))


def test_advice_naming_a_command_is_worded_by_the_command_line(cli, example_kit, add_module):
    """kit/check says what is wrong; cli.py adds the commands that help (issue 12)."""
    add_module(example_kit, "extra.md", module("extra", "## Extra\n\n- Text\n"))
    result = cli("check", "--kit", example_kit, "--today", "2030-01-01")
    [unused] = findings(result, "module-unused")
    assert unused.endswith("or delete the file (copy a built-in recipe's sections from 'blockwatch deck plan')")
    [summary] = findings(result, "built-in")
    assert summary.endswith("update blockwatch-kit ('blockwatch check --builtin' lists them)")
