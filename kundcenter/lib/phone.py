"""Phone numbers compared the way people mean them, whatever the spacing."""

import re


def normalize_phone(number: str) -> str:
    """Digits only, a Swedish +46/0046 prefix written as 0: "070-555 12 34" → "0705551234".

    Callers' numbers are stored this way, so the privacy export and erasure find a
    person's calls from the phone on their account however either was typed.
    """
    text = (number or "").strip()
    digits = re.sub(r"\D", "", text)
    if digits.startswith("0046"):
        return "0" + digits[4:]
    if text.startswith("+46"):
        return "0" + digits[2:]
    return digits
