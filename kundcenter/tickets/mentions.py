"""@mentions of colleagues in internal notes.

A mention is `@` followed by the local part of a staff member's e-mail address, e.g.
`@sara.specialist` for sara.specialist@kundcenter.example (decided: the address is unique
and the local part is what colleagues already type, usually firstname.lastname; a name
with spaces or accents would not survive as one word). Matching ignores case; only
active vendor staff can be mentioned; a local part shared by two staff members (two
domains) mentions nobody rather than the wrong person.
"""

import re

from kundcenter.accounts.models import User

# After a word boundary that is not part of an address (so mail@host is no mention).
MENTION = re.compile(r"(?<![\w.@])@([a-z0-9][a-z0-9._+-]*[a-z0-9]|[a-z0-9])", re.IGNORECASE)


def mentioned_names(text: str) -> set[str]:
    """The lower-cased local parts mentioned in `text`."""
    return {m.group(1).lower().rstrip(".") for m in MENTION.finditer(text or "")}


def mentioned_staff(text: str) -> list[User]:
    """The active staff members `text` mentions (one query; none when nobody is)."""
    names = mentioned_names(text)
    if not names:
        return []
    candidates = User.objects.filter(is_active=True).exclude(staff_role="")
    pattern = r"^(" + "|".join(re.escape(n) for n in sorted(names)) + r")@"
    found: dict[str, list[User]] = {}
    for user in candidates.filter(email__iregex=pattern):
        found.setdefault(user.email.split("@", 1)[0].lower(), []).append(user)
    return [people[0] for people in found.values() if len(people) == 1]
