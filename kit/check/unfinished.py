"""Rules on what a kit still has to finish before it goes out: placeholders left in kit.toml, and roster
addresses no mail server takes."""

from __future__ import annotations

from ..errors import KitError
from ..events.load import ROSTER_COLUMNS, ROSTER_OPTIONAL, ROSTERS_DIR, events_dir
from ..mail import roster_address_problems
from ..readers import read_csv
from .core import ERROR, Finding, Kit, from_error
from .messages import say


def unfinished_findings(kit: Kit) -> list[Finding]:
    return placeholders(kit) + undeliverable_addresses(kit)


def placeholders(kit: Kit) -> list[Finding]:
    """Each "<...>" value init wrote and nobody replaced: every build refuses it, so it is an error here too."""
    return [Finding(ERROR, "placeholder", str(kit.profile.file), pending.line,
                    say("placeholder", field=pending.field, wanted=pending.wanted))
            for pending in kit.profile.placeholders]


def undeliverable_addresses(kit: Kit) -> list[Finding]:
    """A neighbor who agreed to be contacted at an address no mail server takes would get no invitation."""
    try:
        season = kit.workspace.season
    except KitError as exc:  # events/ itself is broken: each of its problems is a finding
        return [from_error(problem, "events", events_dir(kit.profile)) for problem in exc.problems]
    findings = []
    for group_id, resident, why in roster_address_problems(season):
        path = events_dir(kit.profile) / ROSTERS_DIR / f"{group_id}.csv"
        line = next((number for number, row in read_csv(path, required=ROSTER_COLUMNS, optional=ROSTER_OPTIONAL)
                     if row["email"].lower() == resident.email.lower()), None)
        findings.append(Finding(ERROR, "undeliverable-address", str(path), line,
                                say("undeliverable-address", name=resident.name, email=resident.email, why=why)))
    return findings
