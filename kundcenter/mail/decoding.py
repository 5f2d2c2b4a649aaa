"""Mail's encodings made into text and files. Pure: bytes in, text or bytes out.

Charsets: a part is read with the charset it declares, through the superset that mail
clients really write under that label (a "GB2312" message is usually GBK, "Shift_JIS"
is Microsoft's CP932, "ISO-8859-1" is Windows-1252), and a byte that does not fit is
replaced on its own: one stray byte never costs the rest of the part its charset.
Headers written as raw 8-bit bytes (not RFC 2047 encoded words) carry no label, so
they are tried as UTF-8, then in the body's charsets, then in common legacy charsets.

uuencode: old mailers send files as `begin 644 name` … `end` blocks, as a part of
their own or inside a plain-text body. The standard library's `uu` module is gone from
Python 3.13, so the few lines that decode them live here.
"""

from __future__ import annotations

import binascii
import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass

# What to read a declared charset as, by Python's canonical codec name: the superset
# first. Mail clients write the narrow label over text that uses the wider charset.
_READ_AS = {
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "gb18030": ("gb18030",),
    "shift_jis": ("cp932",),
    "euc_kr": ("cp949",),
    "iso8859-1": ("cp1252",),
    "ascii": ("cp1252",),
    "big5": ("big5hkscs",),
    # Microsoft's and the other ISO-2022-JP variants differ in a few extensions.
    "iso2022_jp": ("iso2022_jp", "iso2022_jp_2", "iso2022_jp_ext", "iso2022_jp_2004"),
}
# Labels seen in mail that Python's codec registry does not know.
_ALIASES = {
    "x-gbk": "gbk",
    "x-sjis": "shift_jis",
    "windows-31j": "cp932",
    "x-euc-jp": "euc_jp",
    "windows-874": "cp874",
    "x-mac-roman": "mac-roman",
    "ks_c_5601": "euc_kr",
}
# Labels under which the text is tried as UTF-8 first: 8-bit mail without a charset is
# usually UTF-8, and valid UTF-8 is almost never Latin-1 text by accident.
_SNIFFED = {"", "utf-8", "cp1252"}
# ISO-2022-JP is 7-bit: its escape sequences (into JIS X 0208/0212, and back to ASCII
# or JIS-Roman) give it away when a message forgets its charset.
_ISO2022JP_RE = re.compile(rb"\x1b(?:\$[@B]|\$\(D|\(J|\(I)")
_ISO2022JP = _READ_AS["iso2022_jp"]
# A well-formed UTF-8 sequence of two to four bytes.
_UTF8_MULTIBYTE_RE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
# Raw 8-bit headers in no charset the message names: the legacy charsets mail still
# comes in, narrowest first (CP932 before GB18030, which accepts almost any bytes).
_LEGACY_HEADER_CHARSETS = ("cp932", "gb18030", "cp1252")


def read_as(charset: str | None) -> tuple[str, ...]:
    """The codecs to read a declared charset with, superset first; () if unknown."""
    label = (charset or "").strip().strip("\"'").lower()
    if not label:
        return ()
    label = _ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return ()
    return _READ_AS.get(name, (name,))


def _looks_like_utf8(payload: bytes) -> bool:
    """True when the non-ASCII bytes are mostly well-formed UTF-8 (a few stray bytes)."""
    valid = _UTF8_MULTIBYTE_RE.findall(payload)
    if not valid:
        return False
    high = sum(1 for byte in payload if byte >= 0x80)
    stray = high - sum(len(sequence) for sequence in valid)
    return len(valid) > stray


def _first_strict(payload: bytes, candidates: Iterable[str]) -> str | None:
    for codec in candidates:
        try:
            return payload.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    return None


def decode_bytes(payload: bytes, charset: str | None) -> str:
    """A part's bytes as text under its declared charset; bytes that fail are replaced."""
    candidates = read_as(charset)
    label = candidates[0] if candidates else ""
    if label in _SNIFFED:
        # No label, an unknown one, UTF-8 or a Western one: mislabelled either way often.
        if _ISO2022JP_RE.search(payload):
            return _first_strict(payload, _ISO2022JP) or payload.decode(_ISO2022JP[1], "replace")
        try:
            return payload.decode("utf-8")
        except UnicodeDecodeError:
            pass
        if _looks_like_utf8(payload):  # UTF-8 with a stray byte: keep UTF-8
            return payload.decode("utf-8", "replace")
        return payload.decode("cp1252", "replace")
    text = _first_strict(payload, candidates)
    if text is not None:
        return text
    if _looks_like_utf8(payload):
        try:  # labelled with a legacy charset, but really UTF-8
            return payload.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return payload.decode(label, "replace")


def decode_header_bytes(raw: bytes, charsets: Iterable[str] = ()) -> str:
    """Raw 8-bit header bytes as text: UTF-8, the body's charsets, then legacy ones.

    The first charset that decodes the bytes strictly wins. The legacy guesses (CP932,
    GB18030) accept most byte strings, Western ones too, so a guess is passed over when
    its text does not look like Japanese or Chinese (see `_implausible`).
    """
    if _ISO2022JP_RE.search(raw):
        text = _first_strict(raw, _ISO2022JP)
        if text is not None:
            return text
    named = ["utf-8"]
    for charset in charsets:
        named.extend(read_as(charset)[:1])
    text = _first_strict(raw, dict.fromkeys(named))
    if text is not None:
        return text
    passed_over = None
    for codec in _LEGACY_HEADER_CHARSETS:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec != "cp1252" and _implausible(text):
            passed_over = passed_over or text
            continue
        return text
    return passed_over or raw.decode("utf-8", "replace")


# Western text read as CP932 or GB18030: an accented letter and the ASCII letter after
# it become one ideograph between two ASCII letters ("Fråga" → "Fr虍a"); CP932 also
# turns such bytes into half-width katakana or private-use characters.
_IMPLAUSIBLE_RE = re.compile(
    "(?<=[A-Za-z])[^\x00-\x7f](?=[A-Za-z])|[\uff61-\uff9f]|[\ue000-\uf8ff]"
)


def _implausible(text: str) -> bool:
    return bool(_IMPLAUSIBLE_RE.search(text))


# --- uuencode -----------------------------------------------------------------------------

_UU_BEGIN_RE = re.compile(r"^begin +[0-7]{3,4} +(\S.*?)\s*$")
# Data lines hold only the characters from space to backquote (no lower-case letters),
# so ordinary text never passes for one.
_UU_BLOCK_RE = re.compile(
    r"^begin +[0-7]{3,4} +(?P<name>\S[^\r\n]*?)[ \t]*\r?\n"
    r"(?P<data>(?:[ -`]+\r?\n)*)"
    r"end[ \t]*(?:\r?\n|$)",
    re.MULTILINE,
)


@dataclass(frozen=True)
class UuFile:
    """A file decoded from a uuencoded block."""

    filename: str
    content: bytes


def _uu_line(line: str) -> bytes:
    line = line.rstrip("\r\n")
    if not line:
        return b""
    try:
        return binascii.a2b_uu(line)
    except binascii.Error:
        # Some encoders pad lines with spaces or junk past the data; decode just the
        # characters the length byte announces (what the old `uu` module did).
        length = (((ord(line[0]) - 32) & 63) * 4 + 5) // 3
        return binascii.a2b_uu(line[:length])


def uudecode(text: str) -> UuFile | None:
    """The file of a part encoded as a whole with x-uuencode; None if it is not one."""
    lines = text.splitlines()
    begins = ((i, _UU_BEGIN_RE.match(line)) for i, line in enumerate(lines))
    index, begin = next(((i, m) for i, m in begins if m), (0, None))
    if begin is None:
        return None
    data = bytearray()
    for line in lines[index + 1 :]:
        if line.strip() == "end":
            break
        try:
            data += _uu_line(line)
        except (binascii.Error, ValueError):
            return None
    return UuFile(begin.group(1), bytes(data))


def extract_uuencoded(text: str) -> tuple[str, list[UuFile]]:
    """Take `begin 644 name` … `end` blocks out of a plain-text body, as files.

    A block that does not decode stays in the text as it was.
    """
    files: list[UuFile] = []

    def take(match: re.Match) -> str:
        data = bytearray()
        try:
            for line in match.group("data").splitlines():
                data += _uu_line(line)
        except (binascii.Error, ValueError):
            return match.group(0)
        files.append(UuFile(match.group("name"), bytes(data)))
        return ""

    if "begin " not in text:
        return text, files
    remaining = _UU_BLOCK_RE.sub(take, text)
    return remaining, files
