"""Shared fixtures: a fresh copy of the built-in example kit, and a way to run the CLI."""

from __future__ import annotations

import base64
import datetime as dt
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from kit.resources import example_kit_path


@pytest.fixture
def example_kit(tmp_path: Path) -> Path:
    """A writable copy of the example kit (Lakeview PD, Colorado)."""
    target = tmp_path / "kit"
    shutil.copytree(example_kit_path(), target)
    return target


@pytest.fixture
def cli():
    """Run ``blockwatch ARGS...``; returns the click Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


@pytest.fixture
def add_module():
    """Write a slide module into a kit's own slides/ folder."""

    def write(kit: Path, name: str, text: str) -> Path:
        path = kit / "slides" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def add_recipe():
    """Append a recipe of the given module ids (one section, no Q&A, 1-60 minutes) to a kit's kit.toml."""

    def append(kit: Path, recipe_id: str, modules: list[str]) -> str:
        ids = ", ".join(f'"{m}"' for m in modules)
        text = (f'\n[recipes.{recipe_id}]\ntitle = "Recipe {recipe_id}"\ntarget = [1, 60]\nqa_minutes = 0\n'
                f'sections = [{{ title = "Only section", modules = [{ids}] }}]\n')
        path = kit / "kit.toml"
        path.write_text(path.read_text() + text)
        return recipe_id

    return append


# A state without a state pack must confirm its state line in kit.toml. Fictional numbers (555-01xx).
STATE_HOTLINES = {
    "OH": ('Ohio child abuse hotline (test)', "(614) 555-0190", True),
    "WA": ('Washington child abuse line (test)', "(360) 555-0191", False),
}


def fill_placeholders(kit: Path, values: dict[str, str]) -> Path:
    """Replace each placeholder line ``key = "<...>"`` of kit.toml whose key ``values`` has with ``key = VALUE``
    (VALUE written as TOML); the others stay placeholders."""
    path = kit / "kit.toml"
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        found = re.match(r'(\s*)([\w-]+)(\s*=\s*)"<[^"]*>"(.*)$', line)
        filled = found and found[2] in values
        lines.append(f"{found[1]}{found[2]}{found[3]}{values[found[2]]}{found[4]}" if filled else line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return kit


PRESENTER = {"name": '"Officer Pat Example"', "title": '"Community Liaison Officer"',
             "email": '"liaison@police.example.org"'}


def state_kit(folder: Path, state: str, timezone: str, agency: str) -> Path:
    """A kit made by ``blockwatch init`` for a state without a pack, every placeholder replaced: the presenter, the
    organizer and the [contacts.state_hotline] the agency confirmed."""
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["init", str(folder), "--agency", agency, "--state", state,
                                      "--timezone", timezone, "--non-emergency", "(555) 555-0123"])
    assert result.exit_code == 0, result.output
    label, number, accepts = STATE_HOTLINES[state]
    path = folder / "kit.toml"  # init may have pre-filled the label of a line seen elsewhere: the test's own instead
    path.write_text(re.sub(r"(?m)^label = .*$", f'label = "{label}"', path.read_text(encoding="utf-8")),
                    encoding="utf-8")
    return fill_placeholders(folder, {**PRESENTER, "label": f'"{label}"', "number": f'"{number}"',
                                      "citation": f'"{agency}, confirmed by phone"', "verified": "2026-11-20",
                                      "accepts_trafficking": str(accepts).lower()})


@pytest.fixture(scope="session")
def ohio_kit(tmp_path_factory) -> Path:
    """Read-only: a fresh Ohio kit whose state line takes child trafficking reports."""
    return state_kit(tmp_path_factory.mktemp("states") / "ohio", "OH", "America/New_York", "Toledo Police Department")


@pytest.fixture(scope="session")
def washington_kit(tmp_path_factory) -> Path:
    """Read-only: a fresh Washington kit whose state line does not take child trafficking reports."""
    return state_kit(tmp_path_factory.mktemp("states") / "washington", "WA", "America/Los_Angeles",
                     "Spokane Police Department")


@pytest.fixture(scope="session")
def example_profile():
    """The example kit's profile, read-only (frozen), shared so PDF-rendering tests can share module fixtures."""
    from kit.profile import load_profile

    return load_profile(example_kit_path())


@pytest.fixture(scope="session")
def sessions(example_profile):
    """Three talks of one group built by hand (the third cancelled), for tests of printing, not of loading."""
    import datetime as dt

    from kit.events import TALK, Group, Person, Session, Venue

    zone = example_profile.zone
    group = Group(
        id="maple-street",
        name="Maple Street Block Watch",
        neighborhood="North Lakeview",
        coordinator=Person(name="Pat Doe", email="pat@example.org"),
        venue=Venue(name="Lakeview Community Church, Fellowship Hall", address="410 Maple Street, Lakeview, CO"),
    )
    presenter = example_profile.presenters[0]

    def session(sid: str, day: int, capacity: int, **extra) -> Session:
        start = dt.datetime(2027, 3, day, 18, 30, tzinfo=zone)
        return Session(id=sid, group=group, start=start, end=start + dt.timedelta(hours=1), presenter=presenter,
                       recipe="block-watch-60", capacity=capacity, kind=TALK,
                       topic="Child sex and labor trafficking: what to look for and where to call", **extra)

    return (
        session("maple-2027-03", 9, 25),
        session("maple-2027-04", 16, 12),
        session("maple-2027-05", 23, 20, cancelled=True),
    )


# ---------------------------------------------------------------- decks: every kind the kit writes, built once

BEFORE_THE_SEASON = dt.datetime(2026, 12, 1, 9, 0)
EXAMPLE_DATE, EXAMPLE_VENUE = "Tuesday, January 12, 2027", "Lakeview Library"


@pytest.fixture(scope="session")
def season_build(tmp_path_factory):
    """The example kit's whole season, built as of 1 December 2026: (kit folder, out folder, outcomes, now)."""
    from kit.profile import load_profile
    from kit.workspace import Kit

    root = tmp_path_factory.mktemp("season")
    kit = root / "kit"
    shutil.copytree(example_kit_path(), kit)
    now = BEFORE_THE_SEASON.replace(tzinfo=load_profile(kit).zone)
    outcomes = Kit.open(kit).build_season(root / "out", now=now)
    return kit, root / "out", outcomes, now


@pytest.fixture(scope="session")
def built_decks(tmp_path_factory) -> dict[str, Path]:
    """Every kind of deck ``deck build`` writes, each built once: the example talk (through the command line,
    with its script and take-home), the 45-minute talk, a talk on an agency template (python-pptx's default,
    which PowerPoint made), one with the agency's logo, and a session's deck (with its materials)."""
    from pptx import Presentation
    from PIL import Image as PILImage

    from kit.deck import DeckOptions
    from kit.workspace import Kit

    out = tmp_path_factory.mktemp("decks")
    runner = CliRunner()

    def command(*args) -> None:
        result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
        assert result.exit_code == 0, result.output

    command("deck", "build", "--kit", example_kit_path(), "--out", out / "lakeview.pptx", "--date", EXAMPLE_DATE,
            "--venue", EXAMPLE_VENUE, "--materials")
    command("deck", "build", "--kit", example_kit_path(), "--out", out / "session" / "talk.pptx", "--session",
            SESSION_ID, "--materials")
    example = Kit.open(example_kit_path())
    template = out / "agency.pptx"
    Presentation().save(str(template))
    example.build_deck(DeckOptions(recipe="block-watch-45"), out / "short.pptx")
    example.build_deck(DeckOptions(template=template), out / "on-template.pptx")
    logo_kit = out / "logo-kit"
    shutil.copytree(example_kit_path(), logo_kit)
    PILImage.new("RGB", (300, 300), "navy").save(logo_kit / "logo.png")
    (logo_kit / "kit.toml").write_text((logo_kit / "kit.toml").read_text().replace(
        '[branding]\n', '[branding]\nlogo = "logo.png"\nlogo_alt = "Lakeview Police Department badge"\n'))
    Kit.open(logo_kit).build_deck(DeckOptions(), out / "with-logo.pptx")
    return {"example": out / "lakeview.pptx", "45-minute": out / "short.pptx", "logo": out / "with-logo.pptx",
            "session": out / "session" / "talk.pptx", "agency template": out / "on-template.pptx"}


@pytest.fixture(scope="session")
def season_decks(season_build) -> list[Path]:
    """The season's decks: each shared talk and, for each, one group's copy (the other groups' copies differ
    from it only in the text of their title slide)."""
    from pptx import Presentation

    _, season, _, _ = season_build
    talks: dict[tuple[str, str], Path] = {}
    for deck in sorted(season.glob("*/deck.pptx")):
        props = Presentation(str(deck)).core_properties
        talks.setdefault((props.title, props.author), deck)
    return sorted((season / ".cache").glob("*.pptx")) + list(talks.values())


SESSION_ID = "old-town-talk-2027"  # a talk of the example season (Sergeant Reyes, Tuesday, February 16, 7:00 PM)


# ---------------------------------------------------------------- calendars: servers on 127.0.0.1

SERVER_WAIT_SECONDS = 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Mailbox:
    """What the test SMTP server received; ``refuse_from`` makes the n-th message (0-based) fail with 451,
    ``unknown`` holds addresses it refuses with 550 at RCPT TO, ``reject_data`` addresses whose messages it
    refuses with 550 after DATA (a content or policy rule), and ``refuse_sender`` a 550 to every MAIL FROM."""

    messages: list = field(default_factory=list)
    refuse_from: int | None = None
    logins: list = field(default_factory=list)
    unknown: set = field(default_factory=set)
    reject_data: set = field(default_factory=set)
    refuse_sender: bool = False
    rejected: list = field(default_factory=list)

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.refuse_sender:
            return "550 5.7.1 sender not allowed to relay"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.unknown:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_from is not None and len(self.messages) >= self.refuse_from:
            return "451 4.3.0 mailbox busy, try later"
        if set(envelope.rcpt_tos) & self.reject_data:
            self.rejected.append(list(envelope.rcpt_tos))
            return "550 5.7.1 message content rejected"
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"


def _smtp_controller(mailbox: Mailbox, **tls):
    """aiosmtpd on a free port, started (its own bounded readiness wait); user 'organizer', password 'letmein'."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (auth_data.login, auth_data.password) == (b"organizer", b"letmein")
        if ok:
            mailbox.logins.append(auth_data.login.decode())
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd itself answers 535

    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, ready_timeout=SERVER_WAIT_SECONDS,
                            authenticator=authenticate, **tls)
    controller.start()
    mailbox.address = f"127.0.0.1:{port}"
    return controller


@pytest.fixture
def smtp_server():
    """Plain SMTP offering AUTH PLAIN/LOGIN without TLS."""
    mailbox = Mailbox()
    controller = _smtp_controller(mailbox, auth_require_tls=False)
    yield mailbox
    controller.stop()


def _server_tls(tmp_path: Path, monkeypatch):
    """A throw-away certificate for 127.0.0.1 that this test's process trusts (SSL_CERT_FILE)."""
    import ssl

    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


@pytest.fixture
def starttls_smtp_server(tmp_path: Path, monkeypatch):
    """SMTP that requires STARTTLS before anything else."""
    mailbox = Mailbox()
    controller = _smtp_controller(mailbox, tls_context=_server_tls(tmp_path, monkeypatch), require_starttls=True,
                                  auth_require_tls=True)
    yield mailbox
    controller.stop()


@pytest.fixture
def implicit_tls_smtp_server(tmp_path: Path, monkeypatch):
    """SMTP over TLS from the first byte (SMTPS, as on port 465)."""
    mailbox = Mailbox()
    # auth_require_tls looks for STARTTLS only; this connection is TLS from its first byte.
    controller = _smtp_controller(mailbox, ssl_context=_server_tls(tmp_path, monkeypatch), auth_require_tls=False)
    yield mailbox
    controller.stop()


@dataclass
class CalDavServer:
    url: str            # the calendar's URL
    user: str
    password: str
    folder: Path        # Radicale's storage of that calendar

    def request(self, method: str, url: str, body: bytes | None = None, headers: dict | None = None) -> bytes:
        request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read()

    def objects(self) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in self.folder.glob("*.ics")}


@pytest.fixture
def caldav_server(tmp_path: Path):
    """Radicale with htpasswd (plain) auth on a free port, and an empty calendar /alice/blockwatch/."""
    users = tmp_path / "htpasswd"
    users.write_text("alice:wonderland\n")
    store = tmp_path / "radicale"
    port = free_port()
    log = open(tmp_path / "radicale.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--server-hosts", f"127.0.0.1:{port}", "--auth-type", "htpasswd",
         "--auth-htpasswd-filename", str(users), "--auth-htpasswd-encryption", "plain",
         "--storage-filesystem-folder", str(store)], stdout=log, stderr=subprocess.STDOUT)
    server = CalDavServer(url=f"http://127.0.0.1:{port}/alice/blockwatch/", user="alice", password="wonderland",
                          folder=store / "collection-root" / "alice" / "blockwatch")
    try:
        _wait_for(port, process)
        server.request("MKCALENDAR", server.url)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def _wait_for(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + SERVER_WAIT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"radicale exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"radicale did not listen on port {port} within {SERVER_WAIT_SECONDS} s")
