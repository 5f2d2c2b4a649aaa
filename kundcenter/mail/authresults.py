"""Reading the receiving mail server's verdict on a message (RFC 8601). Pure.

The mail server that accepts a message checks SPF, DKIM and DMARC and writes what it
found in an `Authentication-Results` header at the top. Anybody can write such headers
lower down, so only the topmost counts, and (with `MAIL_AUTHSERV_ID`) only one that
names our own server.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AuthCheck:
    """One method's result: `dkim=pass header.d=example.se` → ("dkim", "pass", {...})."""

    method: str
    result: str
    properties: tuple[tuple[str, str], ...] = ()

    def get(self, name: str) -> str:
        return next((value for key, value in self.properties if key == name), "")


@dataclass(frozen=True)
class AuthenticationResults:
    """One `Authentication-Results` header: who checked, and what they found."""

    authserv_id: str
    checks: tuple[AuthCheck, ...]
    header: str  # as written, unfolded, for staff


def _without_comments(value: str) -> str:
    """The value with (comments) removed, nesting and quoted strings respected."""
    out, depth, quoted, escaped = [], 0, False, False
    for ch in value:
        if escaped:
            escaped = False
            if not depth:
                out.append(ch)
            continue
        if ch == "\\":
            escaped = True
            if not depth:
                out.append(ch)
        elif quoted:
            quoted = ch != '"'
            out.append(ch)
        elif ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif not depth:
            quoted = ch == '"'
            out.append(ch)
    return "".join(out)


def _split(value: str, separator: str) -> list[str]:
    """Split on a separator outside quoted strings."""
    parts, current, quoted = [], [], False
    for ch in value:
        if ch == '"':
            quoted = not quoted
        if ch == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return value


def parse_authentication_results(value: str) -> AuthenticationResults | None:
    """One header's value parsed; None when it names no server."""
    header = " ".join((value or "").split())
    segments = _split(_without_comments(header), ";")
    head = segments[0].split()
    if not head:
        return None
    checks = []
    for segment in segments[1:]:
        words = [w for w in _split(segment.strip(), " ") if w]
        if not words or "=" not in words[0]:
            continue  # "none", or something we cannot read
        method, _eq, result = words[0].partition("=")
        properties = []
        for word in words[1:]:
            key, eq, prop = word.partition("=")
            if eq:
                properties.append((key.strip().lower(), _unquote(prop)))
        checks.append(
            AuthCheck(
                method.split("/")[0].strip().lower(),
                _unquote(result).lower(),
                tuple(properties),
            )
        )
    return AuthenticationResults(head[0].strip().lower(), tuple(checks), header)


def normalize_domain(domain: str) -> str:
    return (domain or "").strip().strip("<>").rstrip(".").lower()


def _domain_of(value: str) -> str:
    """The domain in `user@example.se`, `@example.se` or `example.se`."""
    return normalize_domain(value.rpartition("@")[2])


def aligned(domain: str, from_domain: str) -> bool:
    """Relaxed alignment: the same domain, or one a subdomain of the other.

    Without the public-suffix list the organisational domain is approximated, on the
    safe side: sibling subdomains do not align, and a bare top-level domain never does.
    """
    a, b = normalize_domain(domain), normalize_domain(from_domain)
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return "." in shorter and longer.endswith("." + shorter)


def passing_check(results: AuthenticationResults, from_domain: str) -> AuthCheck | None:
    """The check that shows the From domain's owner sent the message, or None.

    DMARC passed for this From domain; or SPF passed for an envelope sender aligned
    with it; or a DKIM signature aligned with it verified.
    """
    for check in results.checks:
        if check.result != "pass":
            continue
        if check.method == "dmarc" and normalize_domain(check.get("header.from")) == (
            normalize_domain(from_domain)
        ):
            return check
        if check.method == "spf" and aligned(_domain_of(check.get("smtp.mailfrom")), from_domain):
            return check
        if check.method == "dkim":
            signer = check.get("header.d") or _domain_of(check.get("header.i"))
            if aligned(signer, from_domain):
                return check
    return None
