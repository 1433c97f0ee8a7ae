"""Phone numbers: one E.164 form for every way people write them; masking."""

from __future__ import annotations

import pytest

from saas.crm.phones import mask_phone, normalise_phone


@pytest.mark.parametrize(
    "raw",
    [
        "13800138000",
        "138 0013 8000",
        "138-0013-8000",
        "+86 138 0013 8000",
        "008613800138000",
        "(+86)13800138000",
    ],
)
def test_ways_of_writing_a_mobile_normalise_to_one(raw: str) -> None:
    assert normalise_phone(raw) == "+8613800138000"


def test_landlines_and_foreign_numbers_keep_their_country() -> None:
    assert normalise_phone("021 6888 8888") == "+862168888888"
    assert normalise_phone("+1 415 555 2671") == "+14155552671"


@pytest.mark.parametrize("raw", ["", "12345", "not a phone", "1380013800", "+86 999 0000 0000"])
def test_unusable_numbers_are_refused(raw: str) -> None:
    assert normalise_phone(raw) is None


def test_masking_keeps_three_and_four_digits() -> None:
    assert mask_phone("+8613800138000") == "138****8000"
    assert mask_phone("+862168888888") == "216***8888"
