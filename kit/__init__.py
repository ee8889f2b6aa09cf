"""blockwatch-kit: decks, calendars and print-outs for block-watch talks on child trafficking."""

__version__ = "0.1.0"
