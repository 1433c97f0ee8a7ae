"""Vehicle identification numbers (ISO 3779): 17 characters without I, O, Q.
The 9th is a check digit where the rules require one: China (GB 16735, WMI
starting with L) and North America (WMI 1-5)."""

from __future__ import annotations

import re

_VIN = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def check_digit(vin: str) -> str:
    total = sum(_VALUES[c] * w for c, w in zip(vin, _WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def vin_problem(raw: str) -> tuple[str, str | None]:
    """(normalised VIN, problem or None)."""
    vin = raw.strip().upper().replace(" ", "")
    if len(vin) != 17:
        return vin, "a VIN has 17 characters"
    if not _VIN.match(vin):
        return vin, "a VIN uses digits and letters except I, O and Q"
    if vin[0] in "12345L" and vin[8] != check_digit(vin):
        return vin, f"the check digit (9th character) should be {check_digit(vin)}"
    return vin, None
