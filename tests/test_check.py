"""``blockwatch check``: each rule fires on a bad module or profile, naming file, line and rule; the example passes."""

import re
from pathlib import Path

TODAY = "2026-11-24"
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
    assert f"{path}:2: cites source 'no-such-source'" in result.output


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
    [finding] = findings(result, "unsourced-number")
    assert finding.startswith(f"{path}:{line_of(path, '37 cases')}: error: [unsourced-number] '37'")


def test_citation_ids_and_local_statistics_are_not_numbers(cli, example_kit, add_module):
    body = "## Local\n\n- {{ stats.co_cross_country_2017.value }} children in 2017 [@co4kids-blog-2018-awareness-day]\n"
    add_module(example_kit, "local.md", module("local", body, sources="[co4kids-blog-2018-awareness-day]"))
    result = check(cli, example_kit)
    assert not findings(result, "unsourced-number"), result.output


def test_old_source_is_a_warning(cli, example_kit, add_module):
    (example_kit / "slides").mkdir(exist_ok=True)
    (example_kit / "slides" / "bibliography.yaml").write_text(
        "old-report:\n  title: An old report\n  publisher: Someone\n  year: 2001\n  figures: ['12']\n")
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
