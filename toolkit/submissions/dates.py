"""Dates typed into a form: read into one form, or told back to the submitter.

People write the same day as ``2022.7.15``, ``2022/7/15``, ``22/9/30``, ``2022年7月15日``,
``二〇二二年七月十五日`` or ``2022-07-15``. A value is read when it names one day: the year
written in full, or in Chinese (年月日), or a short form whose other readings are impossible
(``22/9/30`` can only be 2022-09-30: 2030-09-22 is still to come and there is no month 22).
Anything else (two possible days, a day that does not exist or has not come yet, a month without
its day, words) is not guessed at: the submitter is told what was typed and the form expected.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from toolkit.messages import Text

EXPECTED = Text(
    "“2022 年 9 月 30 日”（年份写全四位，依次写年、月、日）", "“2022-09-30” (the year in full, then month and day)"
)
"""The form a submitter is asked for."""

Problem = Literal["ambiguous", "invalid"]

_CHINESE_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_AROUND = re.compile(r"^(?:截至|截止到|截止|至)|(?:为止|止)$")
_CHINESE = re.compile(r"^(\d{2,4})年(\d{1,2})月(?:(\d{1,2})[日号]?)?$")
_YEAR_END = re.compile(r"^(\d{4})年(?:底|末|年底|年末)$")
_YEAR_ONLY = re.compile(r"^(\d{4})年?$")
_SEPARATED = re.compile(r"^(\d{1,4})([./\-])(\d{1,2})\2(\d{1,4})$")
_MONTH_ONLY = re.compile(r"^(\d{4})[./\-](\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


@dataclass(frozen=True)
class DateReading:
    """What a typed date says: one day, or why it is not one."""

    value: dt.date | None
    problem: Problem | None = None
    readings: tuple[dt.date, ...] = ()
    """The days an ambiguous value could be."""
    reason: Text | None = None
    """Why an invalid value is not a day."""


def read_date(typed: str, latest: dt.date) -> DateReading:
    """The day ``typed`` names; days after ``latest`` (today) are not possible readings."""
    text = _normalised(typed)
    if not text:
        return DateReading(None, "invalid", reason=Text("没有填写日期", "no date given"))
    if match := _YEAR_END.match(text):
        return _checked([(int(match.group(1)), 12, 31)], latest)
    if match := _CHINESE.match(text):
        year, month, day = match.groups()
        if day is None:
            return _incomplete(Text("只写了年和月，缺少日", "the day is missing"))
        return _checked([(_full_year(year), int(month), int(day))], latest)
    if match := _COMPACT.match(text):
        return _checked([tuple(int(part) for part in match.groups())], latest)  # type: ignore[list-item]
    if _MONTH_ONLY.match(text):
        return _incomplete(Text("只写了年和月，缺少日", "the day is missing"))
    if _YEAR_ONLY.match(text):
        return _incomplete(Text("只写了年份，缺少月和日", "the month and day are missing"))
    if match := _SEPARATED.match(text):
        first, _, middle, last = match.groups()
        return _checked(_orders(first, middle, last), latest)
    return DateReading(None, "invalid", reason=Text("无法读成日期", "not a date"))


def _normalised(typed: str) -> str:
    """Full-width digits and punctuation as ASCII, Chinese numerals as digits, no spaces, no 截至."""
    text = unicodedata.normalize("NFKC", typed)
    text = re.sub(r"\s+", "", text).replace("。", ".").replace("／", "/")
    text = _AROUND.sub("", _AROUND.sub("", text))
    return _chinese_numerals(text).rstrip(".")


def _chinese_numerals(text: str) -> str:
    """二〇二二年七月十五日 → 2022年7月15日."""

    def number(match: re.Match[str]) -> str:
        word = match.group(0)
        if "十" not in word:
            return "".join(str(_CHINESE_DIGITS[c]) for c in word)
        tens, _, units = word.partition("十")
        return str((_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[units] if units else 0))

    return re.sub("[〇零○Ｏ一二两三四五六七八九十]+", number, text)


def shown(day: dt.date) -> str:
    """A day as the report writes it: 2022 年 9 月 30 日."""
    return f"{day.year} 年 {day.month} 月 {day.day} 日"


def _full_year(year: str) -> int:
    return int(year) + 2000 if len(year) == 2 else int(year)


def _orders(first: str, middle: str, last: str) -> list[tuple[int, int, int]]:
    """The (year, month, day) a separated date may mean: year first when it is written so
    (or when all parts are short: the Chinese order), day or month first when the year ends it."""
    if len(first) == 4:
        return [(int(first), int(middle), int(last))]
    if len(first) == 3 or len(last) == 3:
        return []
    if len(last) == 4:
        return [(int(last), int(middle), int(first)), (int(last), int(first), int(middle))]
    return [
        (_full_year(first), int(middle), int(last)),  # 22/9/30: the Chinese order
        (_full_year(last), int(middle), int(first)),  # 30/9/22
        (_full_year(last), int(first), int(middle)),
    ]  # 9/30/22


def _checked(orders: list[tuple[int, int, int]], latest: dt.date) -> DateReading:
    days: list[dt.date] = []
    reasons: list[Text] = []
    for year, month, day in orders:
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            reasons.append(_impossible(year, month, day))
            continue
        if candidate > latest:
            reasons.append(Text(f"{shown(candidate)}还没有到", f"{candidate.isoformat()} is still to come"))
        elif candidate not in days:
            days.append(candidate)
    if len(days) == 1:
        return DateReading(days[0])
    if days:
        return DateReading(None, "ambiguous", readings=tuple(days))
    reason = reasons[0] if len(reasons) == 1 else Text("没有一种读法是有效的日期", "no reading is a valid date")
    return DateReading(None, "invalid", reason=reason)


def _impossible(year: int, month: int, day: int) -> Text:
    if not 1 <= month <= 12:
        return Text(f"没有 {month} 月", f"there is no month {month}")
    return Text(f"{year} 年 {month} 月没有 {day} 日", f"{year}-{month:02d} has no day {day}")


def _incomplete(reason: Text) -> DateReading:
    return DateReading(None, "invalid", reason=reason)


def readings(reading: DateReading) -> Text:
    """The possible days of an ambiguous value, for a message."""
    return Text(
        "、".join(shown(day) for day in reading.readings), ", ".join(day.isoformat() for day in reading.readings)
    )
