"""Figures in running text, in digits or in words, and the harmless numbers that are not figures.

A figure's *key* is what every spelling of one claim shares: "4,800", "4800" and "four thousand eight hundred"
are all ``4800``; "1 in 6" and "one in six" are ``1 in 6``; "$3.1 million" is ``3100000``. Matching keys, not
digits, is what keeps a bare "1" listed for a source from excusing "1 in 10".

Harmless numbers are no claim and need no source: clock times, "24/7", ordinals, dates, phone numbers, street
addresses and numbered places ("Highway 61"), codes ("I-25", "K-12"), list numbering, web addresses, citations,
and years. Number words below 13 with no scale ("three things", "one more") are ordinary counting in prose and
are not figures either; in a ratio, fraction or percentage they are ("one in six", "two-thirds of").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..sources import CITATION

SMALL_WORDS = 13  # word numbers below this, with no scale word, are counting ("three things"), not figures

EN_UNITS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
EN_TENS = {w: 10 * n for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
EN_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
                   "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
                   "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10}
EN_VAGUE = {"dozens", "scores", "hundreds", "thousands", "millions", "billions"}
# Before a four-digit number these make it a count ("nearly 2000 children"), not a year ("in 2014").
EN_QUANTIFIERS = {"nearly", "about", "almost", "approximately", "roughly", "some", "over", "estimated"}
EN_QUANTIFIER_PAIRS = {("more", "than"), ("fewer", "than"), ("less", "than"), ("at", "least"), ("up", "to")}
EN_COUNT_NOUNS = {"children", "people", "women", "men", "youth", "staff", "kids", "girls", "boys", "victims"}
EN_NOT_PLURAL = {"was", "this", "thus", "always", "has", "is", "its", "his", "as", "unless", "whereas", "across",
                 "besides", "perhaps", "sometimes", "afterwards", "towards", "does", "yes", "less", "plus"}

SCALE_LETTERS = {"k": 1000, "m": 10**6, "bn": 10**9}
MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
PHONE = re.compile(r"(?<![\w-])(?:\+?1[\s.-])?(?:\(\d{3}\)\s?|\d{3}[\s.-])[\dA-Z](?:[\s.-]?[\dA-Z]){6}(?![\w-])"
                   r"|(?<![\w-])\d{3}-\d{4}(?![\w-])")
VANITY = str.maketrans({**dict.fromkeys("ABC", "2"), **dict.fromkeys("DEF", "3"), **dict.fromkeys("GHI", "4"),
                        **dict.fromkeys("JKL", "5"), **dict.fromkeys("MNO", "6"), **dict.fromkeys("PQRS", "7"),
                        **dict.fromkeys("TUV", "8"), **dict.fromkeys("WXYZ", "9")})

_HARMLESS = [re.compile(p, flags) for p, flags in [
    (CITATION.pattern, 0),
    (r"https?://\S+|\bwww\.\S+|\b[\w.-]+\.(?:org|com|gov|net|edu|us|info)\b(?:/\S*)?", re.I),
    (r"\S+@\S+\.\w+", 0),
    (r"\b\d{1,2}(?::\d{2})?\s*(?:[ap]\.?\s?m\b\.?|o'clock\b)", re.I),  # 7 PM, 7:00 p.m., 7 o'clock
    (r"\b\d{1,2}:\d{2}(?::\d{2})?\b", 0),  # 18:30
    (r"\b24\s*/\s*7(?:\s*/\s*365)?\b|\b24-7\b|\b24 hours a day\b|\b7 days a week\b|\b365 days a year\b", re.I),
    (r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b", 0),
    (rf"\b{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!\s*(?:%|percent|in\b|out\b))", 0),  # October 23 (the year is a year)
    (rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}", 0),
    (r"\b\d+(?:st|nd|rd|th)\b", re.I),  # 2nd Tuesday
    (PHONE.pattern, 0),
    (r"\b\d+[A-Za-z]?\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w'.-]*\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|"
     r"Drive|Dr|Lane|Ln|Way|Parkway|Pkwy|Court|Ct|Place|Pl|Circle|Cir|Terrace|Ter|Highway|Hwy|Square|Sq|Trail)\b", 0),
    (r"\b(?:Highway|Hwy|Route|Rte|Interstate|County Road|State Road|State Route|Exit|Room|Rm|Suite|Ste|Building|"
     r"Bldg|Floor|Apt|Apartment|Unit|Station|Precinct|District|Ward|Gate|Pier|Lot|Door|P\.?O\.? Box|Box)\.?\s?#?\d+",
     re.I),
    (r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b", 0),  # CO 80202
    (r"#\d+|\bNo\.\s?\d+", 0),
    (r"\b[A-Z][A-Za-z]*-?\d+\w*", 0),  # I-25, K-12, COVID-19, H2A
    (r"\b(?:Step|Part|Tip|Slide|Question|Module|Section|Chapter|Page|Item|Card|Table|Figure|Session|Phase|Lesson|"
     r"Activity)\s+\d+\b", re.I),
    (r"^\s*\(?\d+[.)](?=\s)", 0),  # list numbering
]]


@dataclass(frozen=True)
class Figure:
    text: str  # as written
    key: str


@dataclass(frozen=True)
class _Token:
    kind: str  # num | word | sym
    text: str
    start: int
    end: int

    @property
    def word(self) -> str:
        return self.text.lower() if self.kind == "word" else ""


def language_code(language: str) -> str:
    """'en-US' -> 'en'."""
    return (language or "en").split("-")[0].split("_")[0].lower()


@lru_cache(maxsize=16)
def marks(language: str) -> tuple[str, str]:
    """(thousands separator, decimal mark) as CLDR (Babel) writes numbers in ``language``: "4,800" in en-US and
    in es (the kit's Spanish is es_US), "4.800" in es-ES. A bare code is the kit's language of that code."""
    from babel import Locale, UnknownLocaleError, numbers

    from ..errors import KitError
    from ..languages import language as kit_language

    tag = (language or "en").replace("-", "_")
    if "_" not in tag:
        try:
            tag = kit_language(tag).locale
        except KitError:
            pass
    try:
        locale = Locale.parse(tag)
    except (ValueError, UnknownLocaleError):
        locale = Locale.parse("en_US")
    return numbers.get_group_symbol(locale), numbers.get_decimal_symbol(locale)


def normalize_number(raw: str, language: str) -> Decimal:
    """A number as written in ``language`` ("4,800" in English, "4.800" in Spain's Spanish) -> its value."""
    thousands, decimal = marks(language)
    return Decimal(raw.replace(thousands, "").replace(decimal, "."))


def phone_digits(text: str) -> str:
    """'1-844-CO-4-KIDS' and '(844) 264-5437' -> '8442645437': vanity letters dialled, country code dropped."""
    digits = re.sub(r"\D", "", text.upper().translate(VANITY))
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def phones(text: str) -> list[str]:
    return PHONE.findall(text)


def mask_harmless(text: str) -> str:
    for pattern in _HARMLESS:
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return text


@lru_cache(maxsize=4096)
def figures(text: str, language: str, *, every: bool = False) -> tuple[Figure, ...]:
    """The figures a reader would take as claims. ``every``: a bibliography's list, where each number counts."""
    scan = text if every else mask_harmless(text)
    tokens = _tokenize(scan, language)
    found, i = [], 0
    while i < len(tokens):
        hit = _figure_at(tokens, i, language, every)
        if hit is None:
            i += 1
            continue
        key, end, counts = hit
        if counts:
            found.append(Figure(text[tokens[i].start:tokens[end - 1].end], key))
        i = end
    return tuple(found)


def figure_keys(listed: str, language: str) -> set[str]:
    """The keys a bibliography entry's figure stands for ("1 in 6" -> {'1 in 6'}, "20-25" -> {'20', '25'})."""
    return {figure.key for figure in figures(listed, language, every=True)}


# ---- scanning ---------------------------------------------------------------------------------

def _digit_pattern(language: str) -> str:
    thousands, decimal = (re.escape(mark) for mark in marks(language))
    return rf"\d{{1,3}}(?:{thousands}\d{{3}})+(?:{decimal}\d+)?|\d+(?:{decimal}\d+)?"


@lru_cache(maxsize=8)
def _token_pattern(language: str) -> re.Pattern:
    return re.compile(rf"(?P<num>{_digit_pattern(language)})|(?P<word>[^\W\d_]+(?:'[^\W\d_]+)?)|(?P<sym>\S)")


def _tokenize(text: str, language: str) -> list[_Token]:
    return [_Token(m.lastgroup or "", m.group(), m.start(), m.end()) for m in _token_pattern(language).finditer(text)]


def _word(tokens, i) -> str:
    return tokens[i].word if 0 <= i < len(tokens) else ""


def _figure_at(tokens, i, lang, every) -> tuple[str, int, bool] | None:
    """(key, index after the figure, whether it counts as a claim) for a figure starting at token i."""
    english = language_code(lang) == "en"
    word = _word(tokens, i)
    if english and word in EN_VAGUE | {"tens"} and _word(tokens, i + 1) == "of":
        if _word(tokens, i + 2) in {"thousands", "millions", "billions"}:
            return f"{word} of {_word(tokens, i + 2)}", i + 3, True
        return (word, i + 1, True) if word != "tens" else None
    if english and word in ("a", "an", "half") and _word(tokens, i + 1 if word != "half" else i) in EN_DENOMINATORS:
        denominator_at = i if word == "half" else i + 1
        if _word(tokens, denominator_at + 1) == "of":
            return f"1/{EN_DENOMINATORS[_word(tokens, denominator_at)]}", denominator_at + 1, True
    number = _number(tokens, i, lang)
    if number is None:
        return None
    value, j, worded, scaled = number
    if tokens[j:j + 1] and tokens[j].text == "%" or _word(tokens, j) == "percent" or \
            (_word(tokens, j) == "per" and _word(tokens, j + 1) == "cent"):
        return f"{_key(value)}%", j + (2 if _word(tokens, j) == "per" else 1), True
    fraction = _fraction(tokens, j, value, worded)
    if fraction:
        return fraction[0], fraction[1], True
    ratio = _ratio(tokens, j, value, lang)
    if ratio:
        return ratio[0], ratio[1], True
    if every:
        return _key(value), j, True
    if worded:
        return _key(value), j, scaled or value >= SMALL_WORDS
    return _key(value), j, not (english and _is_year(tokens, i, j, value))


def _fraction(tokens, j, value, worded):
    k = j + 1 if j < len(tokens) and tokens[j].text in "-\u2010\u2011" else j
    if worded and _word(tokens, k) in EN_DENOMINATORS and value == int(value) and 0 < value < 10:
        return f"{_key(value)}/{EN_DENOMINATORS[_word(tokens, k)]}", k + 1
    if not worded and j + 1 < len(tokens) and tokens[j].text == "/" and tokens[j + 1].kind == "num" \
            and tokens[j + 1].start == tokens[j].end:
        return f"{_key(value)}/{tokens[j + 1].text}", j + 2
    return None


def _ratio(tokens, j, value, lang):
    link = {"in": 1, "out": 2, "of": 2}.get(_word(tokens, j), 0)
    if link == 2 and (_word(tokens, j), _word(tokens, j + 1)) not in (("out", "of"), ("of", "every")):
        return None
    if not link:
        return None
    other = _number(tokens, j + link, lang)
    if other is None:
        return None
    total, end, worded, _ = other
    year = not worded and 1900 <= total <= 2099 and total == int(total)
    if total <= value or year:
        return None
    return f"{_key(value)} in {_key(total)}", end


def _number(tokens, i, lang):
    """(value, end, written in words, has a scale word) for a number starting at token i."""
    if i >= len(tokens):
        return None
    token = tokens[i]
    if token.kind == "num":
        try:
            value = normalize_number(token.text, lang)
        except InvalidOperation:
            return None
        j, scaled = i + 1, False
        if _word(tokens, j) in EN_SCALES and language_code(lang) == "en":
            value, j, scaled = value * EN_SCALES[_word(tokens, j)], j + 1, True
        elif _word(tokens, j) in SCALE_LETTERS and tokens[j].start == token.end:
            value, j, scaled = value * SCALE_LETTERS[_word(tokens, j)], j + 1, True
        return value, j, False, scaled
    return _english_words(tokens, i) if language_code(lang) == "en" else None


def _english_words(tokens, i):
    total, current, j, last, scaled, used = Decimal(0), Decimal(0), i, "", False, 0
    if _word(tokens, j) in ("a", "an") and _word(tokens, j + 1) in {*EN_SCALES, "dozen"}:
        current, j, last = Decimal(1), j + 1, "unit"
    while j < len(tokens):
        word = _word(tokens, j)
        if word in EN_UNITS and last not in ("unit", "teen"):
            if last == "tens" and EN_UNITS[word] >= 10:
                break
            current += EN_UNITS[word]
            last = "unit" if EN_UNITS[word] < 10 else "teen"
        elif word in EN_TENS and last not in ("unit", "teen", "tens"):
            current += EN_TENS[word]
            last = "tens"
        elif word == "hundred" and last in ("unit", "teen", "tens", ""):
            current = (current or 1) * 100
            last, scaled = "scale", True
        elif word == "dozen" and last in ("unit", "teen", "tens", ""):
            current = (current or 1) * 12
            last, scaled = "scale", True
        elif word in EN_SCALES and last in ("unit", "teen", "tens", "scale"):
            total, current = total + (current or 1) * EN_SCALES[word], Decimal(0)
            last, scaled = "scale", True
        elif word == "point" and last in ("unit", "teen", "tens") and _word(tokens, j + 1) in EN_UNITS:
            digits, j = "", j + 1
            while _word(tokens, j) in EN_UNITS and EN_UNITS[_word(tokens, j)] < 10:
                digits += str(EN_UNITS[_word(tokens, j)])
                j += 1
            current += Decimal(f"0.{digits}")
            last = "tens"  # a scale word may follow ("three point one million")
            used += 1
            continue
        elif word == "and" and last == "scale" and _word(tokens, j + 1) in {**EN_UNITS, **EN_TENS}:
            pass
        elif tokens[j].text in "-\u2010\u2011" and last == "tens" and _word(tokens, j + 1) in EN_UNITS:
            pass
        else:
            break
        used += 1
        j += 1
    if not used or last == "":
        return None
    while j > i and (_word(tokens, j - 1) == "and" or tokens[j - 1].text in "-\u2010\u2011"):
        j -= 1
    return total + current, j, True, scaled


def _is_year(tokens, i, j, value) -> bool:
    """A bare four-digit 1900-2099 is a year unless a quantifier or a counted noun makes it a count."""
    text = tokens[i].text
    if not (len(text) == 4 and text.isdigit() and 1900 <= value <= 2099 and j == i + 1):
        return False
    before = _word(tokens, i - 1) or (tokens[i - 1].text if i else "")
    if before in EN_QUANTIFIERS or before == "$" or (_word(tokens, i - 2), before) in EN_QUANTIFIER_PAIRS:
        return False
    after = tokens[j] if j < len(tokens) else None
    if after is not None and after.kind == "word" and after.text.islower():
        word = after.text
        if word in EN_COUNT_NOUNS or (word.endswith("s") and len(word) > 3 and word not in EN_NOT_PLURAL):
            return False
    return True


def _key(value: Decimal) -> str:
    return format(value.normalize(), "f")
