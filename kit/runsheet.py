"""Plan -> a facilitator run-sheet (Markdown) with clock times from the session's start."""

from __future__ import annotations

import datetime as dt

from .dates import clock_24
from .languages import Language
from .plan import Plan


def clock(start: dt.time, minutes: float) -> str:
    return clock_24(dt.datetime.combine(dt.date(2000, 1, 1), start) + dt.timedelta(minutes=minutes))


def runsheet_markdown(plan: Plan, *, start: dt.time, agency: str, presenter: str, deck_name: str,
                      words: Language) -> str:
    """The run-sheet in the deck's language (``words``)."""
    say = words.say
    rows = [
        f"# {say('runsheet.title', talk=plan.recipe.title)}",
        "",
        say("runsheet.meta", agency=agency, presenter=presenter, deck=deck_name, start=clock_24(start),
            minutes=round(plan.total)),
        "",
        "| " + " | ".join(words.words("runsheet.columns")) + " |",
        "|---|---|---|---|---|",
    ]
    sections = {entry.module.id: entry.section for entry in plan.entries}
    for module_id, title, minutes, begin, end in plan.rows(words):
        rows.append(f"| {clock(start, begin)}-{clock(start, end)} | {round(begin)}-{round(end)} | {title} | "
                    f"{sections.get(module_id, '')} | {say('runsheet.length', minutes=f'{minutes:g}')} |")
    rows += [
        "",
        f"- {say('runsheet.before')}",
        f"- {say('runsheet.arrive', start=clock_24(start))}",
        f"- {say('runsheet.qa')}",
        f"- {say('runsheet.after', end=clock(start, plan.total))}",
        "",
    ]
    return "\n".join(rows)
