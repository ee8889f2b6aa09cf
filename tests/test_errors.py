"""The one error path: bad input is one line per problem and exit 2; a bug is one line, exit 3 and a log file."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation

NOT_UTF8 = "title = \"Caf\xe9\"\n".encode("latin-1")


def line_of(path: Path, key: str) -> int:
    """The kit.toml line where ``key = ...`` is written."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if line.startswith(f"{key} ="))


def one_line(result, code: int = 2) -> str:
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_init_agency_with_quotes_writes_a_kit_that_loads(cli, tmp_path):
    """D1: the agency name is written by a TOML writer, so quotes and backslashes survive."""
    kit = tmp_path / "k"
    result = cli("init", kit, "--state", "CO", "--agency", 'The "Best" PD \\ Unit')
    assert result.exit_code == 0, result.output
    from kit.profile import load_profile

    assert load_profile(kit).agency.name == 'The "Best" PD \\ Unit'


def test_init_agency_with_a_control_character_is_one_line(cli, tmp_path):
    result = cli("init", tmp_path / "k", "--state", "CO", "--agency", "Bad\x01Name")
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output


def test_recipes_file_not_utf8_is_one_line(cli, example_kit):
    """D2."""
    path = example_kit / "slides" / "recipes.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(NOT_UTF8)
    line = one_line(cli("deck", "plan", "--kit", example_kit))
    assert line == f"error: {path}:1: is not UTF-8 text; save it as UTF-8"


def test_bibliography_not_utf8_is_one_line(cli, example_kit):
    """D3."""
    path = example_kit / "slides" / "bibliography.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(b"a-source:\n  title: ok\n" + NOT_UTF8)
    line = one_line(cli("slides", "list", "--kit", example_kit))
    assert line == f"error: {path}:3: is not UTF-8 text; save it as UTF-8"


def test_template_layout_without_a_title_placeholder_is_one_line(cli, example_kit, tmp_path):
    """D4: a python-pptx-made template whose "Title and Content" layout lost its title."""
    prs = Presentation()
    layout = prs.slide_layouts.get_by_name("Title and Content")
    title = next(ph for ph in layout.placeholders if ph.placeholder_format.idx == 0)
    title.element.getparent().remove(title.element)
    template = tmp_path / "agency.pptx"
    prs.save(str(template))
    line = one_line(cli("deck", "build", "--kit", example_kit, "--template", template, "--out", tmp_path / "d.pptx"))
    assert line == (f"error: {template}: template layout 'Title and Content' has no title placeholder; "
                    "add one in PowerPoint's Slide Master view")
    assert not (tmp_path / "d.pptx").exists()


def test_bad_toml_names_its_line(cli, example_kit):
    path = example_kit / "kit.toml"
    path.write_text(path.read_text() + "\n[broken\n")
    line = one_line(cli("deck", "plan", "--kit", example_kit))
    assert line.startswith(f"error: {path}:{len(path.read_text().splitlines())}: is not valid TOML")


def test_two_bad_keys_in_one_table_are_both_reported(cli, example_kit):
    path = example_kit / "kit.toml"
    path.write_text(path.read_text().replace("[agency]\nname", "[agency]\nnmae", 1)
                    .replace("short_name", "shortname", 1))
    result = cli("deck", "plan", "--kit", example_kit)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [f"error: {path}:{line_of(path, 'nmae')}: unknown field 'agency.nmae' (did you mean "
                     f"'agency.name'?)",
                     f"error: {path}:{line_of(path, 'shortname')}: unknown field 'agency.shortname' (did you mean "
                     f"'agency.short_name'?)"]


def test_a_bug_is_one_line_exit_3_and_a_log_with_the_traceback(cli, example_kit, monkeypatch, tmp_path):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("something the kit did not expect")

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr("kit.plan.plan_deck", broken)
    monkeypatch.setattr("kit.workspace.plan_deck", broken, raising=False)
    line = one_line(cli("deck", "plan", "--kit", example_kit), code=3)
    assert line.startswith("internal error: ZeroDivisionError: something the kit did not expect; please report it, "
                           "with the log at ")
    log = Path(line.rsplit("with the log at ", 1)[1])
    assert log.parent == tmp_path / "cache" / "blockwatch"
    text = log.read_text()
    assert "Traceback (most recent call last)" in text and "something the kit did not expect" in text


def hint_keys_raised_in_kit() -> set[str]:
    """Every ``hint="..."`` string literal passed in kit/ (keyword arguments and ``(message, hint)`` returns)."""
    import ast

    root = Path(__file__).parent.parent / "kit"
    keys = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "hint":
                keys |= {c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant) and c.value}
            if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple) and len(node.value.elts) == 2:
                last = node.value.elts[1]
                if isinstance(last, ast.Constant) and isinstance(last.value, str) and "-" in last.value:
                    keys.add(last.value)
    return keys


def test_every_hint_kit_raises_is_worded_by_the_command_line():
    import cli

    raised = hint_keys_raised_in_kit()
    assert {"writable-out", "no-kit", "template", "list-sessions"} <= raised
    assert raised <= set(cli.HINTS), raised - set(cli.HINTS)
    from kit.files import _FIXES

    assert {hint for _, hint in _FIXES.values()} | {"other-out"} <= set(cli.HINTS)


# Every module of kit/ is covered.
NOT_YET_ON_HINTS: set[str] = set()


def test_kit_names_no_command_line_flag_or_command():
    """Only cli.py words flags, commands and environment variables (docstrings and comments may mention them)."""
    import ast
    import re

    cli_words = re.compile(r"(?<![\w-])--[a-z]|'blockwatch [a-z]|BLOCKWATCH_[A-Z]")
    found = []
    for path in (Path(__file__).parent.parent / "kit").rglob("*.py"):
        if path.name in NOT_YET_ON_HINTS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                      and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                if cli_words.search(node.value):
                    found.append(f"{path.name}:{node.lineno}: {node.value!r}")
    assert found == []


def test_two_bad_keys_in_two_tables_are_both_reported(cli, example_kit):
    path = example_kit / "kit.toml"
    path.write_text(path.read_text().replace("[agency]\nname", "[agency]\nnmae", 1)
                    .replace('primary = "#1F3A5F"', 'primary = "navy"', 1))
    result = cli("deck", "plan", "--kit", example_kit)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {path}:{line_of(path, 'nmae')}: unknown field 'agency.nmae' (did you mean 'agency.name'?)",
        f"error: {path}:{line_of(path, 'primary')}: field 'branding.primary' must be a colour like '#1F3A5F', "
        f"not 'navy'"]


def test_a_misspelt_contact_names_its_line_and_the_contact_meant(cli, example_kit):
    path = example_kit / "kit.toml"
    path.write_text(path.read_text().replace("[contacts.state_hotline]", "[contacts.state_hotlin]", 1))
    line = one_line(cli("deck", "plan", "--kit", example_kit))
    header = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text == "[contacts.state_hotlin]")
    assert line.startswith(f"error: {path}:{header}: field 'contacts.state_hotlin.label' is missing")
    assert line.endswith("(did you mean 'contacts.state_hotline'?)")


def test_every_bad_source_of_a_bibliography_is_reported(cli, example_kit):
    path = example_kit / "slides" / "bibliography.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text("one:\n  title: A\n  publisher: P\n  yaer: 2020\n"
                    "two:\n  title: B\n  publisher: Q\n  year: 2021\n  link: x\n", encoding="utf-8")
    result = cli("slides", "list", "--kit", example_kit)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {path}: unknown field 'one.yaer' (did you mean 'one.year'?)",
        f"error: {path}: unknown field 'two.link' (did you mean 'two.url'?)"]
