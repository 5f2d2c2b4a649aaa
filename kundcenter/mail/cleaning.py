"""Trimming a reply to what its writer added. Pure: text in, text out.

Mail clients quote the earlier conversation below (or inside) a reply, introduce it
with an attribution line ("On … wrote:", "Den … skrev:"), an Outlook header block
("From: … Sent: …", "Från: … Skickat: …") or a separator, and append signatures. The
ticket shows only the new text; the full original stays on the stored message for staff.
A forward is kept whole: the forwarded message is what the sender wants us to read.
"""

import re

_ATTRIBUTION_RES = [
    # English: Gmail, Apple Mail, Thunderbird ("On 12 Jan 2026, at 10:00, Anna <a@b> wrote:").
    re.compile(r"^On\b.{0,300}\bwrote\s*:$", re.IGNORECASE),
    # Swedish Gmail and Thunderbird ("Den mån 12 jan. 2026 kl 10:00 skrev Anna <a@b>:").
    re.compile(r"^Den\b.{0,300}\bskrev\b.{0,200}:$", re.IGNORECASE),
    # Swedish Apple Mail starts with the date ("12 jan. 2026 kl. 10:00 skrev Anna <a@b>:").
    re.compile(r"^\d.{0,200}\bskrev\b.{0,200}:$", re.IGNORECASE),
    # Bare "Name <address> wrote:" (Outlook.com, some webmail).
    re.compile(r"^.{0,200}<[^<>\s]+@[^<>\s]+>\s*(wrote|skrev)\s*:$", re.IGNORECASE),
]
_SEPARATOR_RE = re.compile(
    r"^-{2,}\s*(original message|ursprungligt meddelande|originalmeddelande|"
    r"urspr\S* meddelande)\s*-{2,}$",
    re.IGNORECASE,
)
_UNDERSCORE_RE = re.compile(r"^_{10,}$")
_FROM_HEADER_RE = re.compile(r"^\*?(from|från|fra|von)\s*:\*?\s*\S", re.IGNORECASE)
_OTHER_HEADER_RE = re.compile(
    r"^\*?(sent|skickat|date|datum|to|till|subject|ämne|cc|kopia)\s*:", re.IGNORECASE
)
_MOBILE_SIGNATURE_RE = re.compile(
    r"^(sent from my \w+|skickat från min \w+|sent from (outlook|mail) for \w+|"
    r"skickat från (outlook|e-post) för \w+|get outlook for \w+|hämta outlook för \w+)",
    re.IGNORECASE,
)


def _is_attribution(lines: list[str], index: int) -> bool:
    """Does an attribution line start at `index` (it may wrap over up to three lines)?"""
    joined = ""
    for line in lines[index : index + 3]:
        joined = f"{joined} {line.strip()}".strip()
        if len(joined) > 500:
            return False
        if any(r.match(joined) for r in _ATTRIBUTION_RES):
            return True
        if not line.strip():
            return False
    return False


def _is_header_block(lines: list[str], index: int) -> bool:
    """An Outlook header block: a From:/Från: line followed by Sent:/Till:/Ämne: lines."""
    if not _FROM_HEADER_RE.match(lines[index].strip()):
        return False
    following = [line.strip() for line in lines[index + 1 : index + 6] if line.strip()]
    return sum(1 for line in following[:4] if _OTHER_HEADER_RE.match(line)) >= 1


def _quote_start(lines: list[str]) -> int | None:
    """Where the quoted earlier conversation (or the signature) begins, if anywhere."""
    for index, line in enumerate(lines):
        stripped = line.strip()
        if index == 0 and not stripped:
            continue
        if stripped == "--":  # "-- " is the signature separator (RFC 3676)
            return index
        if _SEPARATOR_RE.match(stripped) or _is_attribution(lines, index):
            return index
        if _UNDERSCORE_RE.match(stripped) and any(
            _FROM_HEADER_RE.match(following.strip()) for following in lines[index + 1 : index + 3]
        ):
            return index
        if _is_header_block(lines, index):
            return index
    return None


def _drop_trailing(lines: list[str]) -> list[str]:
    """Remove a quoted tail ("> …" lines) and mobile signatures at the end."""
    while lines:
        last = lines[-1].strip()
        if not last or last.startswith(">") or _MOBILE_SIGNATURE_RE.match(last):
            lines.pop()
            continue
        break
    return lines


def _tidy(lines: list[str]) -> str:
    text = "\n".join(line.rstrip() for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def clean_body(text: str, *, forwarded: bool = False) -> str:
    """The new text of a reply: quoted history, attribution and signature removed.

    Never returns less than something: a message that is all quote (or whose marker is
    on its first line) is returned whole rather than as nothing.
    """
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    original = _tidy(lines)
    if forwarded:
        return original
    cut = _quote_start(lines)
    if cut is not None:
        lines = lines[:cut]
    cleaned = _tidy(_drop_trailing(lines))
    return cleaned or original
