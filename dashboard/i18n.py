"""Words and numbers as the dashboard shows them: labels in Chinese or English, values in 万/亿."""

from __future__ import annotations

import functools
import math
from pathlib import Path

from extractors.vocab import load_yaml, vocabulary

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
LABELS_FILE = Path(__file__).with_name("labels.yaml")

# Qualifiers grouped the way a reader weighs them: a bound is not a point value.
QUALIFIER_GROUP = {
    "exact": "exact", "approx": "approx", "range": "range",
    "more_than": "lower", "at_least": "lower", "less_than": "upper", "at_most": "upper",
}
OTHER_INDICATOR = {"zh": "其他", "en": "Other"}


@functools.cache
def _labels() -> dict:
    return load_yaml(LABELS_FILE)


def _lang(lang: str) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """A UI or chart string: ``t("ui.region", "en")``; ``{name}`` fields are filled from ``values``."""
    section, name = key.split(".", 1)
    text = _labels()[section][name][_lang(lang)]
    return text.format(**values) if values else text


def code_label(column: str, code: str, lang: str = DEFAULT_LANG) -> str:
    """The label of a coded value (status, measure, kind, qualifier …); unknown codes show as written."""
    entry = _labels().get(column, {}).get(code)
    return entry[_lang(lang)] if entry else code


def indicator_label(key: str, lang: str = DEFAULT_LANG) -> str:
    ind = vocabulary().indicators.get(key)
    if ind is None:
        return OTHER_INDICATOR[_lang(lang)] if key == "other" else key
    return ind.zh if _lang(lang) == "zh" else ind.en


def blank_label(value: object, lang: str = DEFAULT_LANG) -> str:
    """Empty region or level shown as （未注明） rather than as nothing."""
    missing = value is None or value == "" or (isinstance(value, float) and math.isnan(value))
    return t("ui.unknown", lang) if missing else str(value)


def _plain(x: float) -> str:
    """At most two decimals, no trailing zeros, no exponent."""
    return f"{round(x, 2):.2f}".rstrip("0").rstrip(".")


def _split(x: float) -> tuple[str, str]:
    for size, word in ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")):
        if abs(x) >= size:
            return _plain(x / size), word
    return _plain(x), ""


def compact_number(x: float) -> str:
    """10400 → 1.04万, 2.4e9 → 24亿, 3332 → 3332: how Chinese documents write large numbers."""
    return "".join(_split(x))


def compact_range(lo: float, hi: float) -> str:
    """3e8, 5e8 → 3–5亿 (one magnitude word when both ends share it), 5e7, 2e8 → 5000万–2亿."""
    (a, a_word), (b, b_word) = _split(lo), _split(hi)
    return f"{a}–{b}{b_word}" if a_word == b_word else f"{a}{a_word}–{b}{b_word}"


def format_value(value: float | None, unit: str, lang: str = DEFAULT_LANG,
                 value_max: float | None = None) -> str:
    """A claim's value with its unit: 24亿元, 1.04万家, 3.5%, 第7 / No. 7, 3–5亿元."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if unit == "rank":
        return f"第{_plain(value)}" if _lang(lang) == "zh" else f"No. {_plain(value)}"
    has_max = value_max is not None and not (isinstance(value_max, float) and math.isnan(value_max))
    number = compact_range(value, value_max) if has_max else compact_number(value)
    if unit == "百分点":
        return f"{number}个百分点" if _lang(lang) == "zh" else f"{number} percentage points"
    return number + (unit or "")


def format_claim(value: float, unit: str, qualifier: str, lang: str = DEFAULT_LANG,
                 value_max: float | None = None) -> str:
    """The value read with its qualifier: 约24亿元, 超过1000万元."""
    formatted = format_value(value, unit, lang, value_max)
    if qualifier in ("exact", "range", ""):
        return formatted
    sep = "" if _lang(lang) == "zh" else " "
    return code_label("qualifier", qualifier, lang) + sep + formatted


def axis_label_expr() -> str:
    """A Vega expression that writes axis ticks in 万/亿 the way ``compact_number`` does."""
    return ("abs(datum.value) >= 1e8 ? format(datum.value / 1e8, ',.4~g') + '亿'"
            " : abs(datum.value) >= 1e4 ? format(datum.value / 1e4, ',.4~g') + '万'"
            " : format(datum.value, '.4~g')")
