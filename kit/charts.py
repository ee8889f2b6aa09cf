"""The report's charts, drawn by pygal as SVG to put straight into the HTML (WeasyPrint draws them in the PDF).

pygal (Kozea, who also make WeasyPrint) is pure Python: about 1.5 MB installed against matplotlib's 170 MB with
numpy, and it loads in about 70 ms against matplotlib's 400 ms or more. It is imported here only, when a report
is written, so ``blockwatch --help`` never pays for it. The SVG keeps no script and fetches nothing.
"""

from __future__ import annotations

import re
from typing import Sequence

from markupsafe import Markup

from .printing import FONT_FAMILY
from .report import Report

WIDTH = 760  # px: the chart's own coordinates; the page scales it to the column width
BEFORE, AFTER, CANCELLED, UNRECORDED = "#9AA5B1", "#1F3A5F", "#B5302A", "#D5DAE0"
LIGHT = {BEFORE, UNRECORDED}
LABEL_CHARS = 48  # a question's words on the chart; the table under it has them whole
# pygal's comments carry today's date (keep the report the same run to run), and it adds a config script for its
# tooltips even with js=[]: a printed report needs neither.
NOT_PRINTED = re.compile(r"<!--.*?-->|<script\b.*?</script>", re.S)


def _style(colors: Sequence[str], values: Sequence[str]):
    from pygal.style import Style

    # The print font, named here as WeasyPrint draws an SVG's text apart from the page's CSS (print.css).
    return Style(font_family=FONT_FAMILY, background="white",
                 plot_background="white", foreground="#222", foreground_strong="#000", foreground_subtle="#bbb",
                 opacity="1", opacity_hover="1", colors=tuple(colors), value_colors=tuple(values), label_font_size=12,
                 major_label_font_size=12, legend_font_size=12, value_font_size=11, title_font_size=15)


def _chart(kind: str, chart_id: str, title: str, colors: Sequence[str], height: int, **options):
    """A pygal chart with the report's look; ``colors`` are the series' (value labels white on dark ones)."""
    import pygal

    values = ["#000" if color in LIGHT else "#fff" for color in colors]
    chart = getattr(pygal, kind)(style=_style(colors, values), js=[], disable_xml_declaration=True, width=WIDTH,
                                 height=height, explicit_size=False, legend_at_bottom=True, print_values=True,
                                 print_zeroes=False, truncate_label=-1, truncate_legend=-1, **options)
    chart.uuid = chart_id  # a fixed id: each chart's CSS is scoped by it, and the file stays the same run to run
    chart.title = title
    return chart


def _svg(chart) -> Markup:
    return Markup(NOT_PRINTED.sub("", chart.render(is_unicode=True)))


def attendance_by_group(report: Report) -> Markup:
    """Residents at talks, per group: groups with no talk held show as gaps."""
    groups = list(reversed(report.groups))  # pygal draws the first label at the bottom
    chart = _chart("HorizontalBar", "attendance-by-group", "Residents at talks, per group", [AFTER],
                   80 + 18 * len(groups), show_legend=False, show_y_guides=False)
    chart.x_labels = [g.name for g in groups]
    chart.add("Residents at talks", [g.attendances for g in groups])
    return _svg(chart)


def sessions_by_month(report: Report) -> Markup:
    chart = _chart("StackedBar", "sessions-by-month", "Talks per month", [AFTER, CANCELLED, UNRECORDED], 360,
                   show_x_guides=False)
    chart.x_labels = [row.month.strftime("%b %Y") for row in report.months]
    chart.add("Held", [row.sessions.held or None for row in report.months])
    chart.add("Cancelled", [row.sessions.cancelled or None for row in report.months])
    chart.add("Not recorded", [row.sessions.unrecorded or None for row in report.months])
    return _svg(chart)


def before_after(report: Report) -> Markup:
    """Right answers before and after the talk, per question, in percent."""
    questions = list(reversed(report.questions))
    chart = _chart("HorizontalBar", "before-after", "Right answers, per question (%)", [BEFORE, AFTER],
                   100 + 46 * len(questions), range=(0, 100), show_y_guides=False,
                   formatter=lambda value: f"{value:.0f}%")
    count = len(questions)
    chart.x_labels = [f"{count - i}. {_short(q.text)}" for i, q in enumerate(questions)]
    chart.add("Before the talk", [_rounded(q.before.percent) for q in questions])
    chart.add("After the talk", [_rounded(q.after.percent) for q in questions])
    return _svg(chart)


def _rounded(percent: float | None) -> float | None:
    return None if percent is None else round(percent, 1)


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1].rsplit(" ", 1)[0] + "\u2026"


def report_charts(report: Report) -> dict[str, Markup]:
    charts = {"attendance": attendance_by_group(report), "months": sessions_by_month(report)}
    if report.questions:
        charts["questions"] = before_after(report)
    return charts
