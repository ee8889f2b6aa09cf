"""The ``blockwatch`` command: parse arguments, call one function of ``kit``, print a summary.

Heavy libraries (python-pptx, WeasyPrint, icalendar) are imported inside the commands so that
``blockwatch --help`` starts fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import click
import typer
from typer.core import TyperGroup

from kit.errors import KitError


class KitGroup(TyperGroup):
    """Turns every ``KitError`` into one line on stderr and exit code 2: the only place that does."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KitError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(2)


def _typer(help: str) -> typer.Typer:
    return typer.Typer(cls=KitGroup, help=help, no_args_is_help=True, add_completion=False,
                       pretty_exceptions_enable=False, rich_markup_mode=None)


app = _typer("Decks, calendar invites, sign-up sheets and handouts for block-watch talks on child trafficking.")
deck_app = _typer("Plan and build the presentation deck.")
events_app = _typer("Schedule sessions and send calendar invitations.")
app.add_typer(deck_app, name="deck")
app.add_typer(events_app, name="events")

KitOption = typer.Option(Path("."), "--kit", help="The kit folder (holds kit.toml).", show_default="current folder")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
