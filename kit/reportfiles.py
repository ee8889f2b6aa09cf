"""The season report on paper and in a spreadsheet: ``report.html``, ``report.pdf`` and ``report.csv``.

The words a chief reads in a minute (``summary``) are made here from the figures of ``kit/report.py``; the
charts come from ``kit/charts.py``. Nothing here sees a resident's name or street: the figures are counts.
"""

from __future__ import annotations

from pathlib import Path

from .csvfiles import write_csv
from .dates import long_date
from .files import output_set
from .printing import write_document
from .profile import Profile
from .report import FEW_CARDS, FEW_SESSIONS, MODEL_GROUP_SIZE, Report, Score

CSV_COLUMNS = ("section", "item", "measure", "value")
MISSED_NAMED = 8  # groups named in the summary as not reached; more are counted


def percent(score: Score) -> str:
    """'52%', or an en dash when nothing was answered."""
    return "\u2013" if score.percent is None else f"{score.percent:.0f}%"


def number(value: float | None) -> str:
    return "\u2013" if value is None else f"{value:.1f}"


def period(report: Report) -> str:
    if report.start is None or report.end is None:
        return "no talks in this period"
    return f"{long_date(report.start)} to {long_date(report.end)}"


def summary(report: Report, agency: str) -> list[str]:
    """A short plain-language account, one paragraph a point."""
    talks = report.sessions
    lines = [f"From {period(report)}, {agency} planned {talks.planned} talk{'s' * (talks.planned != 1)} with "
             f"block-watch groups: {talks.held} held, {talks.cancelled} cancelled, and {talks.unrecorded} with "
             f"nothing recorded yet."]
    lines.append(f"The talks reached {len(report.reached)} of the {len(report.groups)} groups and "
                 f"{report.residents} residents (each person counted once).")
    if report.average is not None:
        low, high = MODEL_GROUP_SIZE
        compared = ("below" if report.average < low else "above" if report.average > high else "within")
        lines.append(f"On average {report.average:.1f} residents came to a talk, {compared} the {low}-{high} "
                     f"members of a group in the model this talk follows.")
    if report.questions:
        lines.append(f"On {report.cards} cards, residents answered {percent(report.before)} of the questions right "
                     f"before the talk and {percent(report.after)} after it.")
        lines += _question_points(report)
    if report.missed:
        names = [g.name for g in report.missed]
        shown = ", ".join(names[:MISSED_NAMED]) + (f" and {len(names) - MISSED_NAMED} more" if len(names) >
                                                   MISSED_NAMED else "")
        lines.append(f"No talk has been held yet with {len(names)} group{'s' * (len(names) != 1)}: {shown}.")
    return lines


def _question_points(report: Report) -> list[str]:
    answered = [q for q in report.questions if q.before.percent is not None and q.after.percent is not None]
    if not answered:
        return []
    gain = max(answered, key=lambda q: (q.after.percent or 0) - (q.before.percent or 0))
    weakest = min(answered, key=lambda q: q.after.percent or 0)
    points = [f"The biggest change was on \u201c{_quoted(gain.text)}\u201d: {percent(gain.before)} right before "
              f"the talk, {percent(gain.after)} after."]
    if weakest is not gain:
        points.append(f"The question most often missed after the talk was \u201c{_quoted(weakest.text)}\u201d "
                      f"({percent(weakest.after)} right): the talk could make that point more plainly.")
    return points


def _quoted(text: str) -> str:
    return text.rstrip(".")


def caution(report: Report) -> str:
    """What to say when the figures rest on too little; '' when they do not."""
    if not report.few:
        return ""
    return (f"These figures rest on only {report.cards} card{'s' * (report.cards != 1)} from {report.sessions.held} "
            f"talk{'s' * (report.sessions.held != 1)} (fewer than {FEW_CARDS} cards or {FEW_SESSIONS} talks): too few "
            f"to draw conclusions from. Read them as a first look.")


def csv_rows(report: Report) -> list[list[str]]:
    """Every figure as (section, item, measure, value): easy to filter and chart in a spreadsheet."""
    talks = report.sessions
    rows = [["season", "all groups", measure, str(value)] for measure, value in (
        ("talks_planned", talks.planned), ("talks_held", talks.held), ("talks_cancelled", talks.cancelled),
        ("talks_not_recorded", talks.unrecorded), ("groups", len(report.groups)),
        ("groups_reached", len(report.reached)), ("residents_reached", report.residents),
        ("attendance_total", report.attendances), ("attendance_average", number(report.average)),
        ("model_group_size_low", MODEL_GROUP_SIZE[0]), ("model_group_size_high", MODEL_GROUP_SIZE[1]),
        ("cards", report.cards), ("cards_with_one_thing_i_will_do", report.wrote_will_do),
        ("right_before_percent", _decimal(report.before)), ("right_after_percent", _decimal(report.after)),
        ("few_figures", "yes" if report.few else "no"), ("sample_data", "yes" if report.sample else "no"))]
    for group in report.groups:
        rows += [["group", group.name, measure, str(value)] for measure, value in (
            ("talks_planned", group.sessions.planned), ("talks_held", group.sessions.held),
            ("talks_cancelled", group.sessions.cancelled), ("residents_reached", group.residents),
            ("attendance_total", group.attendances), ("attendance_average", number(group.average)),
            ("cards", group.cards), ("right_before_percent", _decimal(group.before)),
            ("right_after_percent", _decimal(group.after)))]
    for index, question in enumerate(report.questions, start=1):
        item = f"{index}. {question.text}"
        rows += [["question", item, measure, str(value)] for measure, value in (
            ("answered_before", question.before.answered), ("right_before_percent", _decimal(question.before)),
            ("answered_after", question.after.answered), ("right_after_percent", _decimal(question.after)))]
    for month in report.months:
        rows += [["month", month.month.strftime("%Y-%m"), measure, str(value)] for measure, value in (
            ("talks_planned", month.sessions.planned), ("talks_held", month.sessions.held),
            ("talks_cancelled", month.sessions.cancelled))]
    return rows


def _decimal(score: Score) -> str:
    return "" if score.percent is None else f"{score.percent:.1f}"


def write_report_files(profile: Profile, report: Report, out_dir: Path, *, paper: str = "letter") -> list[Path]:
    """``OUT/report.html``, ``report.pdf`` and ``report.csv``, all three or none."""
    from .charts import report_charts  # pygal: only when a report is written

    out_dir = Path(out_dir)
    with output_set():
        printed = write_document(
            "report.html.j2", out_dir / "report", paper=paper, branding=profile.branding, agency=profile.agency,
            report=report, period=period(report), summary=summary(report, profile.agency.short_name),
            caution=caution(report), charts=report_charts(report), model=MODEL_GROUP_SIZE, percent=percent,
            number=number)
        table = write_csv(out_dir / "report.csv", CSV_COLUMNS, csv_rows(report))
    return [printed.html, printed.pdf, table]
