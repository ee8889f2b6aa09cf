"""Rules on the knowledge-check questions (``checks:`` in a module's front matter, asked on the survey card).

A question is held to what its slides are held to: it asks only what a source the module cites says (its figures
among that source's figures), in victim-centered words. A recipe's card asks 6 to 8 of them.
"""

from __future__ import annotations

from ..content import Module, Question
from ..errors import KitError
from ..survey import MAX_QUESTIONS, card_questions
from .core import ERROR, WARNING, Finding, Kit, module_finding, recipe_about, recipe_location
from .language import find_terms
from .messages import say
from .numbers import figures
from .texts import normalize

MIN_QUESTIONS = 6


def module_findings(kit: Kit, module: Module) -> list[Finding]:
    return [module_finding(level, rule, module, question.line, message)
            for number, question in enumerate(module.checks, start=1)
            for level, rule, message in _problems(kit, module, number, question)]


def _problems(kit: Kit, module: Module, number: int, question: Question):
    """(level, rule, message) for each problem of one question."""
    if question.source not in module.sources:
        yield WARNING, "unresolved-source", say("question-unlisted", number=number, source=question.source)
    allowed = kit.figure_keys(question.source) | kit.phone_numbers
    for text in (question.text, *question.options):
        for match in find_terms(text, kit.banned_terms):
            yield match.term.level, "banned-term", say("question-banned-term", number=number, found=match.found,
                                                       instead=match.term.instead, why=match.term.why).rstrip()
        for figure in figures(normalize(text), kit.language):
            if figure.key not in allowed:
                yield ERROR, "unsourced-number", say("question-number", number=number, figure=figure.text,
                                                     source=question.source)


def recipe_findings(kit: Kit) -> list[Finding]:
    """Each recipe's card: none, too few or too many questions."""
    findings = []
    for recipe in kit.library.recipes.values():
        try:
            count = len(card_questions(kit.library, recipe.id))
        except KitError:
            continue  # a recipe that cannot be planned is reported by the deck rules
        if MIN_QUESTIONS <= count <= MAX_QUESTIONS:
            continue
        message = say("question-count-none" if not count else "question-count-few" if count < MIN_QUESTIONS
                      else "question-count-many", recipe=recipe.id, count=count, low=MIN_QUESTIONS, high=MAX_QUESTIONS)
        where, line = recipe_location(kit, recipe)
        findings.append(Finding(ERROR if count > MAX_QUESTIONS else WARNING, "knowledge-check", where,
                                line("sections"), message, recipe_about(recipe)))
    return findings
