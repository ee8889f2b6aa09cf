"""Plan -> a facilitator run-sheet (Markdown) with clock times from the session's start."""

from __future__ import annotations

import datetime as dt

from .dates import clock_24
from .plan import Plan


def clock(start: dt.time, minutes: float) -> str:
    return clock_24(dt.datetime.combine(dt.date(2000, 1, 1), start) + dt.timedelta(minutes=minutes))


def runsheet_markdown(plan: Plan, *, start: dt.time, agency: str, presenter: str, deck_name: str) -> str:
    rows = [
        f"# Run-sheet: {plan.recipe.title}",
        "",
        f"{agency} · presenter: {presenter} · deck: {deck_name} · starts {clock_24(start)}, "
        f"runs {round(plan.total)} minutes",
        "",
        "| Clock | Minutes | Segment | Section | Length |",
        "|---|---|---|---|---|",
    ]
    sections = {entry.module.id: entry.section for entry in plan.entries}
    for module_id, title, minutes, begin, end in plan.rows():
        rows.append(f"| {clock(start, begin)}-{clock(start, end)} | {round(begin)}-{round(end)} | {title} | "
                    f"{sections.get(module_id, '')} | {minutes:g} min |")
    rows += [
        "",
        "- Before: confirm the room, projector and clicker; bring sign-in sheets, question cards, before-and-after "
        "cards (blockwatch sheets survey) and handouts.",
        f"- As people arrive, before {clock_24(start)}: hand out the before-and-after cards; ask everyone to tick the "
        "'Before' column now, with no name.",
        "- Q&A: once the Q&A slide's ground rules are said, move to the next slide, 'Where to report', and leave it "
        "up. If someone discloses, follow the Q&A slide's notes.",
        f"- After the Q&A, at {clock(start, plan.total)}: ask everyone to tick the 'After' column and write one thing "
        "they will do; collect the cards.",
        "",
    ]
    return "\n".join(rows)
