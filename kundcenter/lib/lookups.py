"""Searching binary columns in the database, the same way on SQLite and PostgreSQL."""

from django.db import NotSupportedError
from django.db.models import BinaryField, Lookup


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _pg_escape_encoding(data: bytes) -> str:
    """`data` as PostgreSQL's encode(…, 'escape') writes it: zero bytes and bytes with the
    high bit set as \\nnn, backslashes doubled, everything else as it is."""
    out = []
    for byte in data:
        if byte == 0x5C:
            out.append("\\\\")
        elif byte == 0 or byte >= 0x80:
            out.append(f"\\{byte:03o}")
        else:
            out.append(chr(byte))
    return "".join(out)


@BinaryField.register_lookup
class BytesIContains(Lookup):
    """`raw__bytes_icontains="anna@example.se"`: the bytes contain the text's UTF-8 bytes,
    ASCII letters in any case (others as written), decided by the database.

    SQLite compares the blob as text with LIKE (case-insensitive for ASCII); PostgreSQL
    matches encode(raw, 'escape') with ILIKE, where non-ASCII bytes are octal escapes on
    both sides. (On SQLite a zero byte ends the searched text; e-mail holds none.)
    """

    lookup_name = "bytes_icontains"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        needle = self.rhs if isinstance(self.rhs, str) else bytes(self.rhs).decode()
        if connection.vendor == "postgresql":
            pattern = _like_escape(_pg_escape_encoding(needle.encode()))
            return f"encode({lhs}, 'escape') ILIKE %s", [*params, f"%{pattern}%"]
        if connection.vendor == "sqlite":
            return f"CAST({lhs} AS TEXT) LIKE %s ESCAPE '\\'", [
                *params,
                f"%{_like_escape(needle)}%",
            ]
        raise NotSupportedError(f"bytes_icontains is not implemented for {connection.vendor}")
