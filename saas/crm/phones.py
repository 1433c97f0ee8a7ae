"""Phone numbers: normalised to E.164 (China by default) and masked for display."""

from __future__ import annotations

import phonenumbers

DEFAULT_REGION = "CN"


def normalise_phone(raw: str, region: str = DEFAULT_REGION) -> str | None:
    """E.164 form of a valid number, or None if it is not a usable number."""
    try:
        number = phonenumbers.parse(raw.strip(), region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mask_phone(e164: str) -> str:
    """138****1234 for a Chinese mobile; keep 3 first and 4 last digits of the
    national number, mask the rest."""
    national = _national_number(e164)
    if len(national) <= 7:
        return national[:1] + "*" * (len(national) - 1)
    return national[:3] + "*" * (len(national) - 7) + national[-4:]


def _national_number(e164: str) -> str:
    """The national significant number: in E.164 form, the digits after the
    country code (codes are prefix-free, so the first known one is it). This
    runs for every phone a page shows; parsing would cost ten times more."""
    digits = e164[1:]
    if e164.startswith("+") and digits.isascii() and digits.isdigit():
        for length in (1, 2, 3):
            if int(digits[:length] or "0") in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
                return digits[length:]
    try:
        return phonenumbers.national_significant_number(phonenumbers.parse(e164, None))
    except phonenumbers.NumberParseException:
        return e164.lstrip("+")
