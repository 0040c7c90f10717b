"""Numerals as written in Chinese documents → float."""

from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}

CHINESE_DIGITS = "".join(_DIGITS)
CHINESE_NUMERAL_CHARS = CHINESE_DIGITS + "".join(_SMALL_UNITS) + "".join(_BIG_UNITS)


def parse_chinese(text: str) -> float | None:
    """三百二十 → 320, 一千二百 → 1200, 两万 → 20000, 十二 → 12, 三十五点六 → 35.6; None when not a numeral."""
    whole, point, fraction = text.partition("点")
    if point:
        if not fraction or any(c not in _DIGITS for c in fraction) or (value := parse_chinese(whole)) is None:
            return None
        return value + float("0." + digits_to_ascii(fraction))
    if not text or any(c not in CHINESE_NUMERAL_CHARS for c in text):
        return None
    # 一〇五: digits written one by one, 〇 holding a place.
    if "〇" in text and all(c in _DIGITS for c in text):
        return float(digits_to_ascii(text))
    total = 0.0
    section = 0.0  # the part below the current 万/亿
    digit: float | None = None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        else:
            big = _BIG_UNITS[ch]
            section += digit or 0
            total = (total + (section or 1)) * big if big > 10_000 else total + (section or 1) * big
            section, digit = 0.0, None
    return total + section + (digit or 0)


_ASCII_DIGITS = str.maketrans({c: str(v) for c, v in _DIGITS.items()})


def digits_to_ascii(text: str) -> str:
    """二〇二二 → 2022: Chinese digits written one by one, as in a year."""
    return text.translate(_ASCII_DIGITS)


def parse_arabic(text: str) -> float:
    """10,400 → 10400, 3 937.4 → 3937.4, 7194.48 → 7194.48."""
    return float(text.replace(",", "").replace(" ", ""))


def parse_number(text: str) -> float | None:
    if text and text[0].isdigit():
        return parse_arabic(text)
    return parse_chinese(text)


def is_plain_chinese_digit(text: str) -> bool:
    """一, 两, 五: single digits, which in running text are mostly words (一是, 两个确立)."""
    return len(text) == 1 and text in _DIGITS
