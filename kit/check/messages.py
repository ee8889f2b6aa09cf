"""Every sentence ``blockwatch check`` says to a user, in one table, so that a later issue can translate it.

Rules call ``say(KEY, **values)``; a template names its values in braces. Rule ids in brackets ([banned-term])
are not translated: they are what a user searches the docs for.
"""

from __future__ import annotations

from ..sources import UNKNOWN_CITATION

PLACES = {
    "title": "in the title",
    "text": "",
    "table": "in a table",
    "stat": "in a stat",
    "quote": "in a quote",
    "attribution": "in a quote's attribution",
    "alt": "in the alt text of an image",
    "notes": "in the speaker notes",
}

MESSAGES = {
    # ---- sources and figures
    "unknown-citation": UNKNOWN_CITATION,  # worded once, in kit/sources.py, for loading, the deck and check
    "unlisted-citation":
        "cites [@{source}]{place}, which the front matter's sources do not list — add it to 'sources:'",
    "unsourced-number":
        "'{figure}'{place} on slide '{slide}' comes from no source cited on this slide — cite the source with "
        "[@id] and list '{figure}' in its figures in bibliography.yaml, or take the figure out",
    "unsourced-number-whole":
        "'{figure}'{place} on slide '{slide}' is listed only in parts ({parts}) by the sources cited here — list "
        "the whole figure '{figure}' in the figures of the source that says it, or take it out",
    "unknown-phone":
        "phone number '{phone}'{place} on slide '{slide}' is not in kit.toml — put it in kit.toml as "
        "[contacts.KEY] number = \"...\" with its source, and write {{{{ contacts.KEY.number }}}} on the slide",
    "recipe-number":
        "'{figure}' in the title of {what} comes from no source — a recipe or section title cites nothing, so "
        "say the figure on a slide that cites its source",
    "stat-source":
        "[stats.{stat}] cites source '{source}', which is in no bibliography — add it to slides/bibliography.yaml "
        "in this kit (create the file if needed: {source}: {{title, publisher, year, url, figures}})",
    "stat-value":
        "[stats.{stat}] {field} '{figure}' is not among the figures of source '{source}' ({listed}) — list "
        "'{figure}' in its figures in slides/bibliography.yaml, or correct the {field}",
    "stat-value-builtin":
        "[stats.{stat}] {field} '{figure}' is not among the figures of the built-in source '{source}' ({listed}) "
        "— correct the {field}, or cite the source that says '{figure}' (add it to slides/bibliography.yaml in "
        "this kit)",
    "bib-no-url":
        "source '{source}' has no url — add the address where a reader can find it",
    "bib-no-year":
        "source '{source}' has no year — add the year it was published, or year: n.d. if it is undated",
    "bib-override":
        "source '{source}' replaces the built-in source of that id and changes its {field} from {builtin} to "
        "{own} — give your source its own id, or remove the entry to use the built-in one",
    # ---- language
    "banned-term":
        "'{found}'{place} on slide '{slide}' — say '{instead}' instead. {why}",
    "banned-term-kit":
        "'{found}' in {field} — say '{instead}' instead. {why}",
    # ---- freshness
    "review-missing":
        "has no 'reviewed' date — check the text against its sources and add 'reviewed: YYYY-MM-DD'",
    "review-stale":
        "was last reviewed {reviewed}, more than {days} days ago — check the text against its sources and update "
        "'reviewed'",
    "review-future":
        "says it was reviewed {reviewed}, which is after today ({today}) — set 'reviewed' to the day the text "
        "was checked",
    "old-source":
        "source '{source}' is from {year}: {age} years old, more than the {limit} years [check] "
        "source_max_age_years allows — find a newer source, or check that what it says still holds",
    "stale-data":
        "slide '{slide}' shows '{figure}' from '{source}', whose data end in {year}, {age} years ago (more than "
        "{limit}) — find newer figures, or say on the slide how old they are",
    "stale-data-ceiling":
        "slide '{slide}' shows '{figure}' from '{source}', whose data end in {year}, {age} years ago: past the "
        "{ceiling}-year limit — replace the figure with a newer one, or raise [check] source_ceiling_years in "
        "kit.toml",
    "data-years":
        "slide '{slide}' shows figures from '{source}' whose data end in {year} without saying so — put the "
        "years in the title or text, e.g. '(data up to {year})'",
    "stat-stale":
        "[stats.{stat}] counts the year {year}, {age} years ago (more than {limit}) — find a newer figure, and "
        "say the year on the slide",
    "stat-stale-ceiling":
        "[stats.{stat}] counts the year {year}, {age} years ago: past the {ceiling}-year limit — replace it with "
        "a newer figure, or raise [check] source_ceiling_years",
    # ---- contacts
    "contact-stale":
        "contact '{key}' ({label}) was last checked {checked}, more than {days} days ago — call or look it up on "
        "the agency's own page and set [contacts.{key}] verified = DATE",
    "contact-source-old":
        "contact '{key}' ({label}) comes from a source dated {year}, more than {days} days ago — call or look it "
        "up on the agency's own page and set [contacts.{key}] verified = DATE",
    "contact-unverified":
        "contact '{key}' ({reach}) is printed on slides but no agency has verified it yet — confirm it and set "
        "[contacts.{key}] verified = DATE",
    "contact-differs":
        "contact '{key}' has the number '{own}' here, but the built-in table has '{builtin}' — check which one "
        "is right; if yours is, keep it and tell the blockwatch-kit maintainers",
    "placeholder":
        "field '{field}' is still a placeholder — replace it with {wanted}; until then every build is refused",
    "undeliverable-address":
        "{name} <{email}> agreed to be contacted, but cannot be mailed: {why}",
    "agency-number":
        "agency.non_emergency is empty, so slides and wallet cards would print no number — set it to the "
        "agency's non-emergency line",
    # ---- recipes, decks and modules
    "recipe-target":
        "recipe '{recipe}' targets {low}-{high} minutes, outside the {min}-{max} minutes a block-watch talk runs "
        "— set target = [{min}, {max}]",
    "recipe-plan": "recipe '{recipe}': {detail}",
    "recipe-error": "recipe '{recipe}' {detail}",
    "module-unused":
        "module '{module}' is in no recipe, so no deck shows it — add it to a recipe in kit.toml, e.g. "
        "[recipes.my-talk] title = \"...\" sections = [{{ title = \"...\", modules = [..., \"{module}\"] }}], or "
        "delete the file",
    "thin-notes":
        "has {words} words of speaker notes for {minutes:g} minutes; at about {pace} words a minute the notes "
        "cover {share:.0%} of its time (under {floor:.0%}) — write out what to say on each slide",
    # ---- the season's talks
    "no-talk":
        "group '{group}' has no talk booked in {bookings} — book the season's talks with the planner, or add a "
        "[[talks]] entry for it by hand",
    "talk-rules":
        "{problem} — move the talk in the planner's bookings (book again), or edit it by hand",
    # ---- knowledge-check questions (checks: in the front matter)
    "question-unlisted":
        "knowledge-check question {number} cites '{source}', which the front matter's sources do not list — ask "
        "only what the module's own sources say, or add the source to 'sources:'",
    "question-banned-term":
        "'{found}' in knowledge-check question {number} — say '{instead}' instead. {why}",
    "question-number":
        "'{figure}' in knowledge-check question {number} is not among the figures of its source '{source}' — "
        "list '{figure}' in that source's figures in bibliography.yaml, or take the figure out",
    "question-count-none":
        "recipe '{recipe}' has no knowledge-check questions, so no before-and-after card can be printed for it "
        "— add a 'checks:' block (docs/slide-format.md) to {low} to {high} of the modules it always keeps",
    "question-count-few":
        "recipe '{recipe}' asks {count} knowledge-check questions on its card; {low} to {high} make a useful check "
        "— add 'checks:' to more of the modules it always keeps",
    "question-count-many":
        "recipe '{recipe}' asks {count} knowledge-check questions; a half-page card holds at most {high} — take "
        "'checks:' out of some of the modules it always keeps",
    # ---- the built-in library, summarised
    "builtin-summary":
        "the built-in library has findings ({parts}) — they are for the blockwatch-kit maintainers, not for "
        "you: update blockwatch-kit",
    "builtin-part": "{what}: {count}",
    "builtin-where-module": "built-in module '{id}'",
    "builtin-where-recipe": "built-in recipe '{id}'",
    "builtin-where-handouts": "built-in handouts",
    "builtin-where-contacts": "built-in contact '{key}'",
    "builtin-where-library": "built-in library",
    "recipe-title": "recipe '{id}'",
    "section-title": "section '{section}' of recipe '{id}'",
    "module-title": "the module's title",
    "summary": "{errors} errors, {warnings} warnings",
}

# What a summarised rule's findings are about, counted: "modules due for review: 3".
SUMMARY_PARTS = {
    "stale-review": "modules due for review",
    "future-review": "review dates after today",
    "old-source": "old sources",
    "stale-data": "slides with old data",
    "data-years": "slides that do not date their data",
    "unsourced-number": "figures without a source",
    "unknown-phone": "phone numbers not in kit.toml",
    "banned-term": "wording",
    "unresolved-source": "citations",
    "thin-notes": "modules with thin notes",
    "recipe-number": "figures in recipe titles",
}


def say(message: str, **values) -> str:
    return MESSAGES[message].format(**values)


def place(name: str) -> str:
    """' in the speaker notes', or '' for slide text."""
    text = PLACES[name]
    return f" {text}" if text else ""
