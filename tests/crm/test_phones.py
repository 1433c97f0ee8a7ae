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


def test_masking_reads_the_national_number_of_every_country_as_a_parse_would() -> None:
    import phonenumbers

    checked = 0
    for region in phonenumbers.SUPPORTED_REGIONS:
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
            national = phonenumbers.national_significant_number(example)
            expected = (
                national[:1] + "*" * (len(national) - 1)
                if len(national) <= 7
                else national[:3] + "*" * (len(national) - 7) + national[-4:]
            )
            assert mask_phone(e164) == expected, (region, e164)
            checked += 1
    assert checked > 400
    # Not E.164 (data from before normalisation): still masked, never shown whole.
    assert mask_phone("13800138000") == "138****8000"
