"""The command line itself: every command has help with an example, imports stay light, --version and -h."""

from __future__ import annotations

import ast
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.main import get_command

import cli
from kit.resources import example_kit_path

RENDERING = ("pptx", "icalendar", "jinja2", "weasyprint", "caldav", "segno", "pygal")
ROOT = Path(__file__).parent.parent


def commands(group=None, path=()):
    """(path, click command) for every group and command under ``blockwatch``."""
    group = group or get_command(cli.app)
    yield path, group
    for name, command in getattr(group, "commands", {}).items():
        yield from commands(command, (*path, name))


@pytest.mark.parametrize("path,command", list(commands()), ids=lambda value: " ".join(value) if isinstance(
    value, tuple) else "")
def test_every_command_has_help_with_an_example(path, command):
    assert command.help and command.help.strip(), path
    assert "Example: blockwatch" in command.help, path
    for param in command.params:
        if param.name not in ("help",) and not getattr(param, "hidden", False):
            assert getattr(param, "help", None) or isinstance(param, typer.core.TyperArgument) and param.help, (
                path, param.name)


def test_help_and_h_work_for_every_command(cli):
    for path, _command in commands():
        for flag in ("--help", "-h"):
            result = cli(*path, flag)
            assert result.exit_code == 0, (path, flag, result.output)
            assert "Usage:" in result.output


def test_version(cli):
    from kit import __version__

    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"blockwatch {__version__}"


def test_importing_the_command_line_loads_no_rendering_library():
    code = ("import sys, cli; loaded = [m for m in %r if m in sys.modules]; print(','.join(loaded))" % (RENDERING,))
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_text_paths_and_options_left_out_are_read_without_pydantic():
    """typer converts every value through pydantic, which takes about 0.1 s to import: ``deck plan`` (a path, text,
    a number left out) starts without it."""
    code = ("import sys, cli\nsys.argv = ['blockwatch', 'deck', 'plan', '--kit', %r, '--recipe', 'block-watch-45']\n"
            "cli.main()" % str(example_kit_path()))
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stdout.startswith("block-watch-45:")
    assert "| pydantic" not in result.stderr and "| typer._adapters" not in result.stderr


def test_numbers_and_choices_are_still_typer_s(cli, tmp_path):
    result = cli("deck", "plan", "--kit", example_kit_path(), "--minutes", "abc")
    assert result.exit_code == 2 and "Invalid value for '--minutes'" in result.stderr
    result = cli("deck", "plan", "--kit", example_kit_path(), "--minutes", "45")
    assert result.exit_code == 0 and "(45 of 45-60 minutes)" in result.stdout
    result = cli("sheets", "signup", "--kit", example_kit_path(), "--paper", "a5", "--out", tmp_path)
    assert result.exit_code == 2 and "'a5' is not one of 'letter', 'a4'" in result.stderr


@pytest.mark.parametrize("args, line", [
    (("check", "--today", "2027-02-30"), "error: Invalid value for --today: '2027-02-30' is not a date like "
                                         "2027-02-01; see 'blockwatch check -h'"),
    (("biuld",), "error: No such command 'biuld'. Did you mean 'build'? See 'blockwatch -h'"),
    (("--bogus",), "error: No such option: --bogus; see 'blockwatch -h'"),
    (("build",), "error: Missing option '--out'. See 'blockwatch build -h'"),
    (("events", "list", "--al"), "error: No such option: --al (Possible options: --all, --help, --talks); see "
                                 "'blockwatch events list -h'"),
], ids=["bad value", "unknown command", "unknown option", "missing option", "option in a group"])
def test_a_mistyped_command_line_is_one_line_naming_the_help(cli, args, line, tmp_path):
    result = cli(*args)
    assert result.exit_code == 2 and result.stderr.strip() == line
    assert not list(tmp_path.iterdir())


def test_cli_imports_only_typer_rich_and_kit():
    """At module level and inside the commands alike: the libraries that render belong to kit/."""
    tree = ast.parse((ROOT / "cli.py").read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            imported.add((node.module or "").split(".")[0])
    stdlib = {"__future__", "dataclasses", "datetime", "enum", "gc", "importlib", "pathlib", "typing", "os", "sys",
              "tempfile", "traceback", "warnings"}
    assert imported - stdlib == {"typer", "rich", "kit"}


def test_a_kit_option_that_is_not_a_kit_is_one_line(cli, tmp_path):
    result = cli("events", "list", "--kit", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {tmp_path}: no kit.toml here; run 'blockwatch init {tmp_path}' or " \
                                    f"pass --kit DIR"


def test_hints_name_only_flags_the_command_has(cli, example_kit, tmp_path):
    """A template missing at deck build's --template is worded with --template; build has no such flag."""
    missing = tmp_path / "nope.pptx"
    result = cli("deck", "build", "--kit", example_kit, "--template", missing, "--out", tmp_path / "d.pptx")
    assert result.stderr.strip().endswith("template file not found; fix [branding] template in kit.toml, or give "
                                          "another --template")
    from kit.errors import RenderError

    problem = RenderError("template file not found", where=missing, hint="template")
    assert cli_module().error_line(problem, frozenset({"--out", "--kit"})) == (
        f"error: {missing}: template file not found; fix [branding] template in kit.toml")


def cli_module():
    import cli as module

    return module


def test_a_reader_that_stops_early_gets_no_error(tmp_path):
    """``blockwatch slides list | head -1``: the closed pipe ends the command quietly, as it ends any Unix tool."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "cli.py", "slides", "list", "--kit", "events/example"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before the first line
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141  # 128 + SIGPIPE, as a shell reports it
    assert stderr == ""
    assert not (tmp_path / "cache").exists()


def test_top_level_help_lists_commands_in_the_order_a_new_user_needs_them():
    group = get_command(cli.app)
    with typer.Context(group) as ctx:
        assert group.list_commands(ctx) == list(cli.WORKFLOW)


@pytest.mark.parametrize("written, meant", [("18:30", (18, 30)), ("6:30pm", (18, 30)), ("6:30 p.m.", (18, 30)),
                                            ("6 PM", (18, 0)), ("12am", (0, 0)), ("12:15pm", (12, 15))])
def test_a_start_time_is_read_as_people_write_it(written, meant):
    assert cli._time(written, "--start") == dt.time(*meant)


@pytest.mark.parametrize("written", ["13pm", "6:75pm", "25:00", "soon"])
def test_a_time_that_is_none_names_its_option(written):
    with pytest.raises(typer.BadParameter, match=f"'{written}' is not a time like 18:30 or 6:30 PM") as caught:
        cli._time(written, "--start")
    assert caught.value.param_hint == "--start"


def test_docs_lists_every_guide_and_prints_the_one_asked_for(cli):
    listed = cli("docs")
    assert [line.split()[0] for line in listed.stdout.splitlines()] == sorted(
        path.stem for path in (ROOT / "docs").glob("*.md"))
    assert "events         Meetings, talks, calendar files and invitations" in listed.stdout
    for name in ("events", "docs/events.md"):
        assert cli("docs", name).stdout == (ROOT / "docs" / "events.md").read_text(encoding="utf-8") + "\n"


def test_an_unknown_guide_is_one_line_with_the_closest_one(cli):
    result = cli("docs", "event")
    assert result.exit_code == 2
    names = ", ".join(sorted(path.stem for path in (ROOT / "docs").glob("*.md")))
    assert result.stderr.strip() == f"error: no guide named 'event' (did you mean 'events'?); the guides are {names}"


def test_every_message_a_guide_is_named_in_ships_with_the_wheel():
    """Messages say 'docs/NAME.md': each guide is packed into the wheel for 'blockwatch docs'."""
    import tomllib

    packed = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"][
        "targets"]["wheel"]["force-include"]
    for path in (ROOT / "docs").glob("*.md"):
        assert packed.get(f"docs/{path.name}") == f"kit/builtin/docs/{path.name}", path.name
