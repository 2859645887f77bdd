"""The typography rules' findings on single lines: what they flag, where, and the words of the hint."""

from __future__ import annotations

import pytest

from toolkit.validation.typography import Settings, scan

SETTINGS = Settings(grouping="none", protected=())


def found(line: str) -> list[tuple[str, int, str, str]]:
    """(code, column, replacement, the hint's fixed words) of each finding on ``line``."""
    return [(f.code, f.start, f.replacement, f.args.get("fixed", "")) for f in scan([line], SETTINGS)]


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        ("2022年，工业增加值增长", "2022 年"),
        ("截至2021年底", "至 2021"),
        ("工厂2783家", "厂 2783"),
        ("达到12.5%以上", "12.5% 以"),
        ("采用5G技术", "用 5G"),
    ],
)
def test_the_spacing_hint_names_the_whole_number_or_word(line: str, hint: str) -> None:
    hints = [h for code, _, _, h in found(line) if code == "TY001"]
    assert hint in hints


def test_a_full_stop_typed_after_chinese_is_flagged_and_fixed_but_not_a_decimal_or_an_abbreviation() -> None:
    assert [(c, col, r) for c, col, r, _ in found("绿色工厂达到 2783 家.")] == [("TY003", 13, "。")]
    assert [(c, col, r) for c, col, r, _ in found("增长 8.2%，见 Fig. 3 与 www.example.com。")] == []
