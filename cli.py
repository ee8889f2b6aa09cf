"""The ``blockwatch`` command: parse arguments, call one method of ``kit.Kit``, print what it did.

This module imports only typer, rich (build's progress) and ``kit``; the kit's rendering libraries load
when a command's job needs them, so ``blockwatch --help`` starts fast. It is also the one place that words
errors for the user (``error_line``, ``HINTS``) and turns anything unexpected into one line and a log.
"""

# No ``from __future__ import annotations``: typer reads every command's annotations on each run, and each one
# written as a string costs it a compile (about 6 ms a command line).
import datetime as dt
import gc
import os
import sys
import warnings
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from typer.exceptions import TyperException
from typer.core import TyperCommand, TyperGroup

from kit.errors import KitError, KitWarning

# click's UsageError, from typer's own copy of click (typer >= 0.26) or from click itself (an older typer)
UsageError = typer.BadParameter.__base__

if TYPE_CHECKING:
    from kit.workspace import Kit


# Advice that names this command line's flags, commands and environment variables: kit/ raises a key, the
# command line words it. "{where}" is the file or folder the error names. Where a key has two wordings, the
# second serves a command that lacks the first one's flag (``build`` has no --template).
HINTS: dict[str, str | tuple[str, str]] = {
    "no-kit": "run 'blockwatch init {where}' or pass --kit DIR",
    "writable-out": ("choose a writable --out", "choose a writable folder"),
    "pptx-out": "give --out a name ending in .pptx",
    "template": ("fix [branding] template in kit.toml, or give another --template",
                 "fix [branding] template in kit.toml"),
    "rebuild-all": "rebuild with --force",
    "list-sessions": "see 'blockwatch events list --all'",
    "invite-again": "run 'blockwatch events invite' again to send them",
    "retry-refused": "once the cause is fixed, run 'blockwatch events invite --retry-refused'",
    "other-out": "or choose another --out",
    "smtp": "check --smtp HOST:PORT",
    "smtp-starttls": "check --smtp HOST:PORT (add --starttls or --ssl if it needs TLS)",
    "smtp-login": "check --user and BLOCKWATCH_SMTP_PASSWORD",
    "caldav-url": "check --caldav and the network",
    "caldav-login": "check --user and BLOCKWATCH_CALDAV_PASSWORD",
    "publish-again": "run 'blockwatch events publish' again",
    "smtp-address": "check --smtp",
    "smtp-tls-both": "give --starttls or --ssl, not both",
    "smtp-tls": "add --starttls (usually port 587) or --ssl (usually port 465)",
    "caldav-address": "check --caldav",
    "caldav-pick": "give one of them to --caldav: {calendars}",
    "caldav-create": "create a calendar on the server and give its address to --caldav",
    "other-recipe": "or use --recipe {recipe}",
    "placeholder": "or add --draft to build a draft marked DRAFT",
    "placeholder-invite": "or add --draft --dry-run to preview a draft",
    "draft-invite": "add --dry-run to write a preview instead",
    "init-state": "give --state with its two-letter code, like --state OH",
    "init-timezone": "give it with --timezone",
    "module-unused": "(copy a built-in recipe's sections from 'blockwatch deck plan')",
    "builtin-findings": "('blockwatch check --builtin' lists them)",
    "copied-module": "edit it there: it replaces the built-in one in every recipe, and "
                     "'blockwatch slides list' shows it as the kit's own",
    "slides-list": "'blockwatch slides list' shows every module",
    "list-talks": "see 'blockwatch events list --talks'",
    "widen-window": "widen the window (an earlier --from or a later --to)",
    "swap-window": "swap --from and --to",
    "replan": "run 'blockwatch events book' again with --replan to move it, or edit events/bookings.toml",
    "translation": ("or add --draft to show the English module in its place (docs/languages.md)",
                    "docs/languages.md says how"),
    "rebook": "run 'blockwatch events book --from DATE --to DATE' to book the talk again (it keeps its id)",
    "print-libraries": "install Pango: 'sudo apt install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0' "
                       "(Debian, Ubuntu), 'sudo dnf install pango' (Fedora), 'brew install pango' (macOS); on "
                       "Windows, see https://doc.courtbouillon.org/weasyprint/stable/first_steps.html#windows",
}
INTERNAL_ERROR = 3
WORKFLOW = ("demo", "init", "check", "slides", "deck", "events", "sheets", "handouts", "build", "survey", "report",
            "docs")
CLOSED_PIPE = 141  # what a shell reports for a program that SIGPIPE stopped (128 + 13)


def hint_text(key: str | None, flags: frozenset[str] | None = None) -> str:
    """The advice for a hint key, in a wording whose flags the command has (``flags`` None: any wording)."""
    wordings = HINTS.get(key or "", "")
    if isinstance(wordings, str):
        return wordings
    first, fallback = wordings
    named = {word.strip(",.;()") for word in first.split() if word.startswith("--")}
    return first if flags is None or named <= flags else fallback


def error_line(problem: KitError, flags: frozenset[str] | None = None) -> str:
    """One problem as the user reads it: where, what, did you mean, what to do."""
    hint = hint_text(problem.hint, flags).format(where=problem.where, **problem.details)
    return f"error: {problem.args[0]}{'; ' + hint if hint else ''}"


def _flags(group: TyperGroup, ctx: typer.Context) -> frozenset[str] | None:
    """The options of the command this group was running, so that hints name only flags it has."""
    command = group.get_command(ctx, ctx.invoked_subcommand or "")
    return None if command is None else _options(command)


def _options(command) -> frozenset[str]:
    return frozenset(opt for param in command.params for opt in getattr(param, "opts", ()))


class UsageLine(UsageError):
    """A mistyped command, option or value, as one line like any other bad input (typer prints a usage block),
    naming the help to read."""

    def __init__(self, error: UsageError):
        super().__init__(error.format_message(), error.ctx)  # with the option a bad value was given to

    def show(self, file=None) -> None:
        names, ctx = [], self.ctx
        while ctx is not None and ctx.parent is not None:  # the program is "blockwatch" however it was started
            names.insert(0, ctx.info_name)
            ctx = ctx.parent
        command = " ".join(["blockwatch", *names])
        joint = " See" if self.message.endswith((".", "?")) else "; see"
        typer.echo(f"error: {self.message}{joint} '{command} -h'", err=True)


class KitGroup(TyperGroup):
    """The one error path: each ``KitError`` problem becomes a line on stderr and the error's exit code (2: bad
    input, 4: some messages refused); each ``KitWarning`` one "note:" line, said once; anything unexpected one
    "internal error" line, exit code 3, and a log file with the traceback."""

    def list_commands(self, ctx: typer.Context) -> list[str]:
        # The top-level help lists the commands in the order a new user needs them, not alphabetically.
        names = super().list_commands(ctx)
        if ctx.parent is not None:
            return names
        return sorted(names, key=lambda name: WORKFLOW.index(name) if name in WORKFLOW else len(WORKFLOW))

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        _plain_values(self.get_params(ctx))
        try:
            return super().parse_args(ctx, args)
        except UsageError as exc:  # the app's own options
            raise UsageLine(exc) from None

    def invoke(self, ctx: typer.Context):
        if ctx.parent is not None:  # a command group inside the app: the app's invoke shows the notes
            return self._run(ctx)
        with warnings.catch_warnings():
            warnings.simplefilter("always", KitWarning)
            warnings.showwarning = _notes(warnings.showwarning)
            return self._run(ctx)

    def _run(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except KitError as exc:
            flags = _flags(self, ctx)
            for problem in exc.problems:
                typer.echo(error_line(problem, flags), err=True)
            raise typer.Exit(exc.exit_code) from None
        except UsageError as exc:  # a command's name, options or values
            raise exc if isinstance(exc, UsageLine) else UsageLine(exc) from None
        except (TyperException, typer.Exit, typer.Abort):  # exits: typer's own business
            raise
        except BrokenPipeError:  # the reader stopped early (``| head``): nothing to say to anyone
            _silence_stdout()
            raise typer.Exit(CLOSED_PIPE) from None
        except Exception as exc:  # the safety net: no traceback reaches the terminal
            log = _log_internal_error(exc)
            typer.echo(f"internal error: {_one_line(exc)}; please report it, with the log at {log}", err=True)
            raise typer.Exit(INTERNAL_ERROR) from None


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail on the closed pipe again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())

class KitCommand(TyperCommand):
    """A command whose options are converted by ``PlainValues``."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        _plain_values(self.get_params(ctx))
        return super().parse_args(ctx, args)


class KitTyper(typer.Typer):
    """A typer app whose commands are ``KitCommand``s."""

    def command(self, *args, **kwargs):
        return super().command(*args, **{"cls": KitCommand, **kwargs})


def _plain_values(params) -> None:
    if not _TYPER_CONVERSION_KNOWN:  # another typer than the one PlainValues was written for: its own way
        return
    for param in params:
        if getattr(param, "_runtime_param", False) is None:  # typer's slot for its conversion, made on first use
            param._runtime_param = PlainValues()


def _typer_conversion_known() -> bool:
    """Are typer's private helpers that ``PlainValues`` calls where it expects them? Checked without importing."""
    from importlib.util import find_spec

    return all(find_spec(name) is not None for name in ("typer._param_types", "typer._coercion"))


_TYPER_CONVERSION_KNOWN = _typer_conversion_known()


class PlainValues:
    """An option's value as typer gives it, without importing pydantic where none is needed.

    typer converts every value, even an option left out, through a pydantic ``TypeAdapter``: importing pydantic
    and building them takes about 0.1 s, a fifth of a whole ``deck build``. An option left out, text and paths
    (checked by typer's own ``coerce_cli_path``) are given here; numbers and choices go to typer's conversion.
    """

    def __init__(self) -> None:
        self._typer = None  # typer's own conversion, built the first time a value needs it

    def coerce(self, value, param, ctx):
        descriptor = param.type_descriptor
        if not param.multiple and param.nargs == 1 and descriptor.file_annotation is None:
            if value is None:
                return None
            if descriptor.annotation is str and isinstance(value, str):
                return value
            if descriptor.annotation is Path and isinstance(value, (str, Path)) and str(value):
                from typer._param_types import coerce_cli_path

                return coerce_cli_path(Path(value), descriptor.parameter_info, path_type=Path, param=param, ctx=ctx)
        if self._typer is None:
            from typer._coercion import build_runtime_param

            self._typer = build_runtime_param(descriptor)
        return self._typer.coerce(value, param=param, ctx=ctx)


def _notes(show_other):
    said = set()

    def show(message, category, *args, **kwargs) -> None:
        if not issubclass(category, KitWarning):
            show_other(message, category, *args, **kwargs)
        elif str(message) not in said:
            said.add(str(message))
            hint = hint_text(getattr(message, "hint", None))  # a note may carry advice, like an error
            typer.echo(f"note: {message}{'; ' + hint if hint else ''}", err=True)

    return show


def _one_line(exc: BaseException) -> str:
    return " ".join(f"{type(exc).__name__}: {exc}".split())


def log_folder() -> Path:
    """The user's cache folder for blockwatch (XDG), else the system's temporary folder."""
    import os
    import tempfile

    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "blockwatch"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    except OSError:
        return Path(tempfile.gettempdir())


def _log_internal_error(exc: BaseException) -> str:
    import traceback

    return _write_log("".join(traceback.format_exception(exc)))


def _write_log(trace: str) -> str:
    import os
    import sys

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = log_folder() / f"error-{stamp}-{os.getpid()}.log"
    text = f"blockwatch {version()}\nargv: {sys.argv!r}\n\n{trace}"
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        return f"{path} (which could not be written: {exc.strerror})"
    return str(path)


def version() -> str:
    from kit import __version__

    return __version__


def _typer(help: str) -> typer.Typer:
    return KitTyper(cls=KitGroup, help=help, no_args_is_help=True, add_completion=False,
                       pretty_exceptions_enable=False, rich_markup_mode=None,
                       context_settings={"help_option_names": ["-h", "--help"]})


app = _typer("Decks, calendar invites, sign-up sheets and handouts for block-watch talks on child trafficking.\n\n"
             "Example: blockwatch demo --out lakeview-demo")
deck_app = _typer("Plan and build the presentation deck.\n\nExample: blockwatch deck plan --minutes 50")
events_app = _typer("Meetings and talks: book, list, calendars and invitations.\n\n"
                    "Example: blockwatch events book --from 2027-02-01 --to 2027-06-30")
sheets_app = _typer("Sign-up and sign-in sheets, question and survey cards; who came.\n\n"
                    "Example: blockwatch sheets signup --out print/")
slides_app = _typer("The slide library.\n\nExample: blockwatch slides list")
survey_app = _typer("Type in the before-and-after cards' answers and store them.\n\n"
                    "Example: blockwatch survey template --session aspen-hollow-talk-2027")
app.add_typer(deck_app, name="deck")
app.add_typer(events_app, name="events")
app.add_typer(sheets_app, name="sheets")
app.add_typer(slides_app, name="slides")
app.add_typer(survey_app, name="survey")

KitOption = typer.Option(Path("."), "--kit", help="The kit folder (holds kit.toml).", show_default="current folder")


def _open(folder: Path, *, draft: bool = False) -> "Kit":
    from kit.workspace import Kit

    return Kit.open(folder, draft=draft)


def _language(opened: "Kit", value: Optional[str]) -> Optional[str]:
    """``--language`` (one code, or two like en,es) checked against the kit's languages: one line naming the flag."""
    for code in filter(None, (part.strip() for part in (value or "").split(","))):
        try:
            opened.words(code)  # reads no kit.toml: only the kit's languages/ folder
        except KitError as problem:
            raise KitError(f"--language {problem.detail}") from None
    return value


DraftOption = typer.Option(False, "--draft", help="Build even though kit.toml still holds placeholders "
                                                  "(\"<...>\" values); every page says DRAFT.")


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"blockwatch {version()}")
        raise typer.Exit()


@app.callback()
def main_options(
    show_version: bool = typer.Option(False, "--version", help="Print the version and exit.",
                                      callback=_show_version, is_eager=True),
) -> None:
    """Decks, calendar invites, sign-up sheets and handouts for block-watch talks on child trafficking."""


def _date(value: str, flag: str) -> dt.date:
    from kit.dates import read_date

    try:
        return read_date(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2027-02-01", param_hint=flag) from None


def _time(value: str, flag: str) -> dt.time:
    from kit.dates import read_clock

    try:
        return read_clock(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a time like 18:30 or 6:30 PM", param_hint=flag) from None


@app.command(short_help="Start a kit for your agency and state.")
def init(
    folder: Path = typer.Argument(..., help="Folder for the new kit."),
    state: Optional[str] = typer.Option(None, "--state", help="Two-letter code of your state or territory: picks "
                                                               "its state pack or hotline (asked when not given)."),
    timezone: Optional[str] = typer.Option(None, "--timezone", help="IANA time zone of your sessions (default: your "
                                                                    "state's, where it keeps one clock)."),
    agency: Optional[str] = typer.Option(None, "--agency", help="Agency name (default: a placeholder to replace)."),
    non_emergency: Optional[str] = typer.Option(None, "--non-emergency", help="Your agency's non-emergency number "
                                                                               "(default: a placeholder)."),
    example: bool = typer.Option(False, "--example", help="Start from a copy of the finished example kit."),
) -> None:
    """Start a kit: kit.toml (with a "<...>" placeholder for each value only your agency can give), and
    commented examples in events/ and slides/.

    Example: blockwatch init mykit --state OH --agency "Springfield Police Department"
    """
    from kit.workspace import Kit

    if example:
        written = Kit.init_example(folder)
        typer.echo(f"wrote {written}, a copy of the example kit (Lakeview PD, fictional); "
                   f"next: blockwatch deck build --kit {folder}")
        return
    new = Kit.init(folder, state=state or _ask_state(), timezone=timezone, agency=agency,
                   non_emergency=non_emergency)
    typer.echo(f"wrote {new.path} (time zone {new.timezone}) with {new.placeholders} placeholders to replace, and "
               "commented examples in events/ and slides/")
    typer.echo(f"next: edit {new.path} (replace each \"<...>\" value), run 'blockwatch check --kit {folder}', "
               f"then 'blockwatch deck build --kit {folder}'")


def _ask_state() -> str:
    import sys

    if not sys.stdin.isatty():
        raise KitError("no state given", hint="init-state")
    return typer.prompt("Two-letter code of your state or territory (like OH)")


RecipeOption = typer.Option(None, "--recipe", help="Recipe id (default: the kit's default_recipe).")
MinutesOption = typer.Option(None, "--minutes", help="Add or drop optional modules to land on this many minutes.")
LanguageOption = typer.Option(None, "--language", help="A language code, like es (default: the group's, else "
                                                       "kit.toml's language; docs/languages.md).")


@deck_app.command("plan")
def deck_plan(
    kit: Path = KitOption,
    recipe: Optional[str] = RecipeOption,
    minutes: Optional[float] = MinutesOption,
    language: Optional[str] = LanguageOption,
) -> None:
    """Print the timing table: module, minutes, start, end.

    Example: blockwatch deck plan --recipe block-watch-45
    """
    opened = _open(kit)
    plan = opened.plan(recipe, minutes, _language(opened, language))
    typer.echo(f"{plan.recipe.id}: {plan.recipe.title} ({plan.total:g} of {plan.recipe.target[0]:g}-"
               f"{plan.recipe.target[1]:g} minutes)")
    typer.echo(f"{'module':<28} {'min':>5} {'start':>6} {'end':>6}")
    for module_id, _title, length, start, end in plan.rows():
        typer.echo(f"{module_id:<28} {length:>5g} {start:>6g} {end:>6g}")


@deck_app.command("build", short_help="Build the deck and its run-sheet (and the script and take-home).")
def deck_build(
    kit: Path = KitOption,
    recipe: Optional[str] = RecipeOption,
    minutes: Optional[float] = MinutesOption,
    out: Optional[Path] = typer.Option(None, help="The .pptx to write (default: RECIPE.pptx, or TALK.pptx, here)."),
    session: Optional[str] = typer.Option(None, "--session", help="A talk id from 'blockwatch events list --talks': "
                                          "its recipe, presenter, date, start time and venue."),
    template: Optional[Path] = typer.Option(None, help="An agency .pptx template (overrides kit.toml)."),
    presenter: Optional[str] = typer.Option(None, help="Presenter id from kit.toml."),
    date: str = typer.Option("", help="Date shown on the title slide."),
    venue: str = typer.Option("", help="Venue shown on the title slide."),
    start: Optional[str] = typer.Option(None, help="Start time for the run-sheet's and script's clock times "
                                        "(default: the talk's, or 18:30)."),
    materials: bool = typer.Option(False, "--materials/--no-materials",
                                   help="Also write NAME-script.pdf (the presenter's script) and NAME-takehome.pdf "
                                        "(for the audience) beside the deck."),
    draft: bool = DraftOption,
    language: Optional[str] = LanguageOption,
) -> None:
    """Build the deck (.pptx) and its facilitator run-sheet; with --materials, the script and take-home too.

    Example: blockwatch deck build --session old-town-talk-2027 --materials --out talk.pptx
    """
    from kit.deck import DeckOptions

    options = DeckOptions(recipe=recipe, minutes=minutes, template=template, presenter=presenter, date=date,
                          venue=venue, start=_time(start, "--start") if start else None, materials=materials,
                          language=language)
    opened = _open(kit, draft=draft)
    _language(opened, language)
    deck, written = opened.build_deck(options, out, session_id=session)
    typer.echo(f"wrote {deck.path} ({len(deck.slides)} slides, {deck.plan.total:g} minutes) and "
               f"{', '.join(str(path) for path in written)}")


@slides_app.command("list", short_help="Show every module: minutes, sources, audiences, where from.")
def slides_list(kit: Path = KitOption) -> None:
    """Show the modules: id, minutes, optional, sources, audiences, where each comes from, and title.

    A module of the kit's own slides/ says which built-in module it replaces, and whether any recipe uses it.

    Example: blockwatch slides list --kit mykit
    """
    entries = _open(kit).modules()
    origins = [", ".join(filter(None, (e.origin, e.replaces and f"replaces {e.replaces}",
                                       "" if e.used else "in no recipe"))) for e in entries]
    width = max([len("audiences")] + [len(",".join(e.module.audiences)) for e in entries])
    source = max([len("from")] + [len(origin) for origin in origins])
    typer.echo(f"{'id':<26} {'min':>4} {'opt':>4} {'src':>4}  {'audiences':<{width}}  {'from':<{source}}  title")
    for entry, origin in zip(entries, origins, strict=True):
        module = entry.module
        typer.echo(f"{module.id:<26} {module.minutes:>4g} {'yes' if module.optional else 'no':>4} "
                   f"{len(module.sources):>4}  {','.join(module.audiences):<{width}}  {origin:<{source}}  "
                   f"{module.title}")
    if any(e.origin == "kit" and not e.used for e in entries):
        typer.echo("note: a module 'in no recipe' is in no deck: add its id to a recipe in kit.toml "
                   "(see 'blockwatch deck plan' for a built-in recipe's modules)")


@slides_app.command("copy", short_help="Copy a built-in module into the kit, to edit it.")
def slides_copy(
    module_id: str = typer.Argument(..., metavar="ID", help="A built-in or state pack module id "
                                                            "(see 'blockwatch slides list')."),
    kit: Path = KitOption,
) -> None:
    """Copy a built-in module into the kit's slides/ folder, to edit it there.

    Example: blockwatch slides copy where-to-call --kit mykit
    """
    path, entry = _open(kit).copy_module(module_id)
    typer.echo(f"wrote {path}, a copy of the {entry.origin} module '{module_id}'; {hint_text('copied-module')}")


@app.command(short_help="Check the kit: sources, figures, wording, contacts.")
def check(
    kit: Path = KitOption,
    today: Optional[str] = typer.Option(None, help="Judge staleness as of this date (YYYY-MM-DD; default: today)."),
    builtin: bool = typer.Option(False, "--builtin", help="Also list each finding about the built-in library "
                                                          "(for its maintainers; normally summed up in one line)."),
) -> None:
    """Lint the kit: sources, numbers, language, review dates, contacts, timing, fit. Exit 1 on errors.

    Example: blockwatch check --today 2027-01-01
    """
    day = _date(today, "--today") if today else dt.date.today()
    from kit.check.messages import say

    findings = _open(kit).check(today=day, builtin=builtin)
    for finding in findings:
        typer.echo(f"{finding} {hint_text(finding.hint)}" if finding.hint else str(finding))
    errors = sum(finding.level == "error" for finding in findings)
    typer.echo(say("summary", errors=errors, warnings=len(findings) - errors))
    raise typer.Exit(1 if errors else 0)


@app.command(short_help="Build everything for the built-in example kit.")
def demo(out: Path = typer.Option(..., help="Folder for everything the example kit makes.")) -> None:
    """Build everything for the built-in example kit (Lakeview PD, Colorado) into OUT.

    Example: blockwatch demo --out lakeview-demo
    """
    from kit.workspace import Kit

    for line in Kit.demo(out):
        typer.echo(line)
    typer.echo(f"next: open {out / 'decks'} and {out / 'season'}; try an edit in {out / 'kit'} and run "
               f"'blockwatch build --kit {out / 'kit'} --out {out / 'season'}'; start your own kit with "
               f"'blockwatch init mykit --state XX'")


class Paper(str, Enum):
    letter = "letter"
    a4 = "a4"


PaperOption = typer.Option(Paper.letter, "--paper", help="Paper size.", case_sensitive=False)
OutOption = typer.Option(..., "--out", help="The folder to write into (created if missing).")


@sheets_app.command("signup", short_help="Print a talk's sign-up and sign-in sheets and question cards.")
def sheets_signup(
    out: Path = OutOption,
    session: Optional[str] = typer.Option(None, "--session", help="Only this talk id (default: each group's next "
                                                                   "talk)."),
    roster: Optional[Path] = typer.Option(None, "--roster",
                                          help="CSV with name and rsvp: pre-fills those who said yes."),
    paper: Paper = PaperOption,
    kit: Path = KitOption,
    draft: bool = DraftOption,
    language: Optional[str] = LanguageOption,
) -> None:
    """Write OUT/<talk id>/: sign-up sheet, sign-in sheet and question cards, as HTML and PDF.

    Example: blockwatch sheets signup --out print/ --session aspen-hollow-talk-2027 --roster rsvp.csv
    """
    opened = _open(kit, draft=draft)
    printed = opened.print_sheets(out, session_id=session, roster=roster, paper=paper.value,
                                  language=_language(opened, language))
    if not printed.sessions:
        typer.echo("no talk to come: book the season's talks first ('blockwatch events book --from DATE --to DATE')")
        return
    if not printed.with_calendar_link:
        typer.echo("warning: kit.toml has no [calendar] base_url, so the sign-up sheets have no "
                   "add-to-calendar QR code; set it to where the calendar files are published", err=True)
    typer.echo(f"wrote {len(printed.files)} files for {len(printed.sessions)} talk(s) in {out}")


@sheets_app.command("attendance")
def sheets_attendance(
    file: Path = typer.Argument(..., help="CSV with session_id, name, attended (yes/no) and optionally email."),
    kit: Path = KitOption,
) -> None:
    """Record who came to which session in the kit's attendance.csv.

    Example: blockwatch sheets attendance signed-in.csv
    """
    _say_recorded(_open(kit).record_attendance(file), "rows")


def _say_recorded(result, what: str) -> None:
    typer.echo(f"recorded {result.added} new, {result.updated} updated and {result.unchanged} unchanged {what} for "
               f"{len(result.sessions)} session(s) in {result.path}")


CardsOption = typer.Option(None, "--cards", min=1, help="How many cards (default: the session's capacity).")


@sheets_app.command("survey", short_help="Print anonymous before-and-after cards for a talk.")
def sheets_survey(
    out: Path = OutOption,
    session: Optional[str] = typer.Option(None, "--session", help="Only this session id (default: all not cancelled)."),
    cards: Optional[int] = CardsOption,
    paper: Paper = PaperOption,
    kit: Path = KitOption,
    language: Optional[str] = LanguageOption,
) -> None:
    """Write OUT/<session>/survey: anonymous before-and-after cards, two a page, as HTML and PDF.

    Hand them out before the talk starts (residents tick "before") and collect them after the Q&A ("after").

    Example: blockwatch sheets survey --out print/ --session aspen-hollow-talk-2027
    """
    opened = _open(kit)
    written = opened.print_survey(out, session_id=session, paper=paper.value, cards=cards,
                                  language=_language(opened, language))
    typer.echo(f"wrote {len(written)} files for {len(written) // 2} session(s) in {out}")


@survey_app.command("template", short_help="Write a CSV to type the cards' answers into.")
def survey_template(
    session: str = typer.Option(..., "--session", help="The session the cards come from."),
    out: Optional[Path] = typer.Option(None, "--out", help="The CSV to write (default: survey-SESSION.csv here)."),
    cards: Optional[int] = CardsOption,
    kit: Path = KitOption,
) -> None:
    """Write a CSV with one row per card to type the answers into (letters A, B, C; empty: nothing ticked).

    Example: blockwatch survey template --session aspen-hollow-talk-2027 --out cards.csv
    """
    path = _open(kit).survey_template(session, out or Path(f"survey-{session}.csv"), cards=cards)
    typer.echo(f"wrote {path}; type each card into its row, then run 'blockwatch survey record {path}'")


@survey_app.command("record", short_help="Check the typed-in cards and store them in the kit.")
def survey_record(
    file: Path = typer.Argument(..., help="The filled-in CSV from 'blockwatch survey template'."),
    kit: Path = KitOption,
) -> None:
    """Check the typed-in cards and store them in the kit's survey.csv (a card typed in again is replaced).

    Example: blockwatch survey record cards.csv
    """
    _say_recorded(_open(kit).record_survey(file), "cards")


@app.command("report", short_help="The season report: talks held, reach, what people learned.")
def report(
    out: Path = OutOption,
    start: Optional[str] = typer.Option(None, "--from", help="First day counted (YYYY-MM-DD; default: the first "
                                                             "session)."),
    end: Optional[str] = typer.Option(None, "--to", help="Last day counted (YYYY-MM-DD; default: the last session)."),
    paper: Paper = PaperOption,
    kit: Path = KitOption,
) -> None:
    """Write report.html, report.pdf and report.csv: talks held, groups and residents reached, what residents learned.

    Counts only: no resident's name or street is in any of the three files.

    Example: blockwatch report --from 2027-01-01 --to 2027-06-30 --out report/
    """
    first, last = _date(start, "--from") if start else None, _date(end, "--to") if end else None
    if first and last and first > last:
        raise typer.BadParameter(f"--from {start} is after --to {end}", param_hint="--from")
    written = _open(kit).write_report(out, start=first, end=last, paper=paper.value)
    typer.echo(f"wrote {', '.join(path.name for path in written)} in {out}")


@app.command("handouts", short_help="Print the tip card, wallet cards and leaflet.")
def handouts(out: Path = OutOption, paper: Paper = PaperOption, kit: Path = KitOption,
             draft: bool = DraftOption,
             language: Optional[str] = typer.Option(None, "--language", help="A language code like es, or two, "
                                                    "like en,es: the first on the front of each sheet, the second "
                                                    "on its back (print duplex, long edge).")) -> None:
    """Write the signs tip card, wallet reporting cards and "what you can do" leaflet, as HTML and PDF.

    Example: blockwatch handouts --out print/ --language en,es
    """
    opened = _open(kit, draft=draft)
    written = opened.write_handouts(out, paper=paper.value, languages=_language(opened, language))
    typer.echo(f"wrote {len(written)} files in {out}")


@events_app.command("list")
def events_list(
    kit: Path = KitOption,
    everything: bool = typer.Option(False, "--all", help="Also past and cancelled sessions."),
    group: Optional[str] = typer.Option(None, "--group", help="Only this group's sessions."),
    talks: bool = typer.Option(False, "--talks", help="Only the talks (not the groups' regular meetings)."),
    csv: Optional[Path] = typer.Option(None, "--csv", help="Write them to this CSV file for a spreadsheet instead: "
                                                           "session_id, group, kind, date, start, end, presenter, "
                                                           "recipe, venue."),
) -> None:
    """Show upcoming meetings and talks in the kit's local time.

    Example: blockwatch events list --talks --csv talks.csv
    """
    from kit.dates import clock_24, day_and_date

    opened = _open(kit)
    sessions = opened.sessions(everything=everything, group=group, talks_only=talks)
    if not opened.season.groups:
        typer.echo("no groups yet: add [[groups]] to events/groups.toml and their meetings to events/sessions.toml "
                   "(docs/events.md)", err=True)
    what = "talks" if talks else "sessions"
    if csv is not None:
        opened.write_session_csv(csv, sessions)
        typer.echo(f"wrote {len(sessions)} {what} to {csv}")
        return
    typer.echo(f"{len(sessions)} {'' if everything else 'upcoming '}{what} (local time, {opened.profile.timezone}):")
    for s in sessions:
        who = f"talk by {s.presenter.id}" if s.presenter else "meeting"
        typer.echo(f"{day_and_date(s.start)} {clock_24(s.start)}-{clock_24(s.end)} {s.start.tzname()}  "
                   f"{s.id:<34} {who:<17} {s.group.name} @ {s.group.venue.name}"
                   f"{'  CANCELLED' if s.cancelled else ''}")


@events_app.command("book", short_help="Book each group's talk into one of its meetings.")
def events_book(
    start: str = typer.Option(..., "--from", help="First day talks may be booked on (YYYY-MM-DD)."),
    end: str = typer.Option(..., "--to", help="Last day talks may be booked on (YYYY-MM-DD)."),
    replan: bool = typer.Option(False, "--replan", help="Also move talks already invited or pinned (never one "
                                                        "already given)."),
    kit: Path = KitOption,
) -> None:
    """Book each group's talk into one of its meetings, with a presenter; writes events/bookings.toml.

    Presenters' weekdays, blackouts and weekly limits (kit.toml) always hold; a second run with nothing changed
    books the same way, and a change moves as few talks as it can.

    Example: blockwatch events book --from 2027-02-01 --to 2027-06-30
    """
    from kit.dates import clock_24, day_and_date

    first, last = _date(start, "--from"), _date(end, "--to")
    result = _open(kit).book(first, last, replan=replan)
    load: dict[str, int] = {}
    for booked in result.talks:
        load[booked.talk.presenter] = load.get(booked.talk.presenter, 0) + 1
    typer.echo(f"{len(result.talks)} talks in {result.path} (" +
               ", ".join(f"{p} {n}" for p, n in sorted(load.items())) + "):")
    for booked in result.talks:
        talk, before = booked.talk, booked.before
        was = f"  (was {day_and_date(before.date)} {before.presenter})" if booked.status in ("moved",
                                                                                              "reassigned") else ""
        line = (f"{booked.status:<10} {day_and_date(talk.date)} {clock_24(talk.start)}  {talk.id:<30} "
                f"{talk.presenter:<10}{'  pinned' if talk.pinned else ''}{was}")
        typer.echo(line.rstrip())
    for talk in result.dropped:
        typer.echo(f"dropped    {talk.id}: group '{talk.group}' is no longer in events/groups.toml")
    if any(b.status in ("moved", "reassigned") for b in result.talks) or result.dropped:
        typer.echo("moved talks keep their ids: 'blockwatch events invite' sends their neighbors an update (and a "
                   "cancellation for a dropped talk)")


@events_app.command("ics", short_help="Write add-to-calendar files and a feed of all talks.")
def events_ics(
    out: Path = typer.Option(..., "--out", help="Folder for sessions/*.ics, meetings/*.ics and season.ics."),
    kit: Path = KitOption,
) -> None:
    """Write "add to calendar" files: one per talk and a feed of every talk (for residents), and a feed of each
    group's regular meetings (for the organizer).

    Example: blockwatch events ics --out calendar/
    """
    paths = _open(kit).write_calendars(out)
    typer.echo(f"wrote {len(paths)} calendar files to {out} (sessions/: the talks, season.ics: every talk, "
               "meetings/: each group's regular meetings)")


@events_app.command("calendar", short_help="Each presenter's talks: a page to print and a calendar.")
def events_calendar(
    out: Path = typer.Option(..., "--out", help="Folder for one page (HTML and PDF) and one .ics per presenter."),
    paper: Paper = PaperOption,
    kit: Path = KitOption,
) -> None:
    """Each presenter's booked talks: a page to print and a calendar file, so each officer sees their evenings.

    Example: blockwatch events calendar --out presenters/
    """
    written = _open(kit).write_schedules(out, paper=paper.value)
    typer.echo(f"wrote {len(written)} files in {out} (per presenter: a page as HTML and PDF, and an .ics of "
               "their talks)")


@events_app.command("invite", short_help="E-mail invitations, updates and cancellations to neighbors.")
def events_invite(
    kit: Path = KitOption,
    out: Optional[Path] = typer.Option(None, "--out", help="Write .eml files into a new dated folder in this folder "
                                                           "(they count as sent)."),
    smtp: Optional[str] = typer.Option(None, "--smtp", help="Send through this SMTP server, HOST:PORT."),
    starttls: bool = typer.Option(False, "--starttls", help="Switch the SMTP connection to TLS first (port 587)."),
    implicit_tls: bool = typer.Option(False, "--ssl", help="Speak TLS from the start (port 465)."),
    user: Optional[str] = typer.Option(None, "--user", help="SMTP login (needs --starttls or --ssl); password from "
                                                             "BLOCKWATCH_SMTP_PASSWORD or a prompt."),
    session: Optional[str] = typer.Option(None, "--session", help="Only this talk id."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Write what would be sent into a new preview folder in "
                                                          "--out (default: here); send and record nothing."),
    retry_refused: bool = typer.Option(False, "--retry-refused", help="Try again the messages a server refused "
                                                                      "for good before."),
    draft: bool = typer.Option(False, "--draft", help="Preview invitations of a kit that still holds placeholders "
                                                      "(with --dry-run only: a draft is never sent)."),
    language: Optional[str] = typer.Option(None, "--language", help="Word every message in this language (default: "
                                                                    "each group's, else kit.toml's)."),
) -> None:
    """Send invitations to the talks, updates and cancellations: one e-mail per neighbor, only what changed.

    Example: blockwatch events invite --smtp smtp.example.org:587 --starttls --user organizer
    """
    from dataclasses import replace

    from kit.smtp import server

    if not dry_run and (out is None) == (smtp is None):
        raise KitError("give --out DIR (write .eml files) or --smtp HOST:PORT (send)" if out is None else
                       "give --out DIR or --smtp HOST:PORT, not both (--dry-run previews either)")
    smtp_server = server(smtp, starttls=starttls, implicit_tls=implicit_tls, user=user or "") if smtp else None
    opened = _open(kit, draft=draft)
    opened.check_sendable(preview=dry_run)  # before any password is asked for
    _language(opened, language)

    def report(invitation) -> None:
        typer.echo(f"{invitation.method:<8} {invitation.label} -> {invitation.email}")

    if smtp_server is None or dry_run:
        folder, written = opened.write_invitations(out or Path("."), only=session, preview=dry_run,
                                                   retry_refused=retry_refused, language=language, report=report)
        count = len(written)
        done = f"{count} messages {'to preview (nothing sent or recorded)' if dry_run else 'written'} in {folder}"
    else:
        if user:
            smtp_server = replace(smtp_server, password=_password("BLOCKWATCH_SMTP_PASSWORD",
                                                                  f"SMTP password for {user}"))
        count = opened.send_invitations(smtp_server, only=session, retry_refused=retry_refused,
                                        language=language, report=report)
        done = f"{count} messages sent"
    typer.echo(done if count else "nothing to send: every neighbor's calendar is up to date")


@events_app.command("cancel", short_help="Call off a talk, a meeting or a whole series.")
def events_cancel(
    session_id: str = typer.Argument(..., help="A talk id (group-talk-YYYY), a meeting id (group-YYYY-MM-DD: its "
                                               "talk, if any, is off too) or a series id (group-series)."),
    reason: str = typer.Option("", "--reason", help="Why: told to neighbors in the cancellation, and kept in "
                                                    "events/cancelled.toml."),
    kit: Path = KitOption,
) -> None:
    """Call off a talk, a meeting or a whole series; the next 'invite' and 'publish' tell everyone.

    Example: blockwatch events cancel aspen-hollow-2027-03-01 --reason "school gym closed"
    """
    path = _open(kit).cancel(session_id, reason)
    typer.echo(f"cancelled {session_id} (recorded in {path}); now run 'blockwatch events invite' "
               "and 'blockwatch events publish'")


@events_app.command("publish", short_help="Put every talk on a shared CalDAV calendar.")
def events_publish(
    caldav: str = typer.Option(..., "--caldav", help="The shared calendar's CalDAV URL (https://...)."),
    user: Optional[str] = typer.Option(None, "--user", help="CalDAV login; password from BLOCKWATCH_CALDAV_PASSWORD "
                                                             "or a prompt."),
    kit: Path = KitOption,
) -> None:
    """Put every talk on a shared CalDAV calendar; re-publishing updates in place, never duplicates.

    Example: blockwatch events publish --caldav https://cloud.example.org/dav/calendars/me/blockwatch/ --user me
    """
    from dataclasses import replace

    from kit.caldav import account

    calendar = account(caldav, user or "")
    opened = _open(kit)
    opened.season  # noqa: B018  (a broken kit is reported before the password is asked for)
    if user:
        calendar = replace(calendar, password=_password("BLOCKWATCH_CALDAV_PASSWORD", f"CalDAV password for {user}"))

    def report(action: str, uid: str) -> None:
        if action != "unchanged":
            typer.echo(f"{action:<9} {uid}")

    counts = opened.publish(calendar, report=report)
    typer.echo(", ".join(f"{n} {action}" for action, n in counts.items()))


def _password(variable: str, prompt: str) -> str:
    """Secrets come from the environment, a hidden prompt or a line piped in; never from the command line."""
    import os
    import sys

    missing = KitError(f"no password given: set {variable} (or run this in a terminal to be asked)")
    if os.environ.get(variable):
        return os.environ[variable]
    if not sys.stdin.isatty():  # no terminal to hide the typing: read a piped line, without a prompt or warning
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise missing
        return line
    try:
        return typer.prompt(prompt, hide_input=True)
    except (typer.Abort, EOFError):
        raise missing from None


@app.command(short_help="Build the whole season: decks, calendars, invitations, sheets.")
def build(
    ctx: typer.Context,
    out: Path = typer.Option(..., "--out", help="Folder for the season: one folder per group."),
    kit: Path = KitOption,
    force: bool = typer.Option(False, "--force", help="Rebuild everything, changed or not."),
    jobs: Optional[int] = typer.Option(None, "--jobs", help="Worker processes (default: one per core)."),
    draft: bool = DraftOption,
) -> None:
    """Build the whole season: decks, calendars, invitations, sheets and handouts, for every group.

    Example: blockwatch build --out season/ --jobs 2
    """
    from rich.console import Console
    from rich.progress import MofNCompleteColumn, Progress
    from rich.table import Table

    opened = _open(kit, draft=draft)
    opened.require_finished()  # before the progress bar: a refusal is a few lines, not a bar's leftovers
    opened.require_readable()
    console = Console(stderr=True)
    with Progress(*Progress.get_default_columns(), MofNCompleteColumn(), console=console, transient=True) as bar:
        job = bar.add_task("building", total=None)
        outcomes = opened.build_season(out, force=force, jobs=jobs, progress=lambda outcome, done, total: (
            bar.update(job, completed=done, total=total, description=f"{outcome.key} {outcome.status}")))
    done = [o for o in outcomes if o.status != "skipped"]  # a hundred "unchanged" rows would hide what happened
    if done:
        table = Table(title=f"Season built in {out}")
        for column in ("task", "status", "files", "seconds"):
            table.add_column(column)
        for o in done:
            table.add_row(o.key, o.status, str(len(o.outputs)), f"{o.seconds:.1f}")
        Console().print(table)
    built = sum(o.status == "built" for o in outcomes)
    skipped = sum(o.status == "skipped" for o in outcomes)
    failed = [o for o in outcomes if o.status == "failed"]
    typer.echo(f"{built} built, {skipped} unchanged, {len(failed)} failed")
    for o in failed:
        hint = hint_text(o.hint, _options(ctx.command))
        log = f"; the traceback is in {_write_log(o.trace)}" if o.trace else ""
        typer.echo(f"error: {o.key}: {o.error}{'; ' + hint if hint else ''}{log}", err=True)
    if failed:
        raise typer.Exit(2)


@app.command("docs", short_help="Read a guide the messages point to (docs/NAME.md).")
def docs(page: Optional[str] = typer.Argument(None, help="The guide: events, printing, slide-format ... "
                                                         "(none: list them).")) -> None:
    """Print one of the guides that messages name as docs/NAME.md (they come with the installed kit), or list
    them with their titles.

    Example: blockwatch docs events
    """
    from kit.resources import guide, guides

    if page is not None:
        typer.echo(guide(page))
        return
    for name, title in guides().items():
        typer.echo(f"{name:<14} {title}")


def main() -> None:
    # A command is a short process: its few reference cycles die with it, and collecting them while the
    # libraries load and the deck renders costs about 8% of a deck build. The season's workers collect again.
    gc.disable()
    app()


if __name__ == "__main__":
    main()
