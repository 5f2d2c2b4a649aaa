"""Checking uploaded files: size, count and a type decided from the content, not the name."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# (magic bytes, content type, allowed name endings)
_SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "image/png", {".png"}),
    (b"\xff\xd8\xff", "image/jpeg", {".jpg", ".jpeg"}),
    (b"GIF87a", "image/gif", {".gif"}),
    (b"GIF89a", "image/gif", {".gif"}),
    (b"%PDF-", "application/pdf", {".pdf"}),
    (b"PK\x03\x04", "application/zip", {".zip", ".docx", ".xlsx", ".pptx", ".odt", ".ods"}),
]
_OFFICE_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
}
_TEXT_ENDINGS = {".txt": "text/plain", ".log": "text/plain", ".csv": "text/csv"}
ALLOWED_ENDINGS = sorted(
    {e for _m, _t, ends in _SIGNATURES for e in ends} | set(_TEXT_ENDINGS) | {".webp"}
)


def _ending(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def sniff_content_type(name: str, head: bytes) -> str | None:
    """The content type that the file's first bytes prove, or None if not allowed."""
    ending = _ending(name)
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP" and ending == ".webp":
        return "image/webp"
    for magic, content_type, endings in _SIGNATURES:
        if head.startswith(magic):
            if ending not in endings:
                return None
            return _OFFICE_TYPES.get(ending, content_type)
    if ending in _TEXT_ENDINGS and b"\x00" not in head:
        lowered = head[:512].lstrip().lower()
        if lowered.startswith((b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script")):
            return None
        return _TEXT_ENDINGS[ending]
    return None


def check_uploads(files) -> list[tuple[object, str]]:
    """Validate uploaded files; return (file, content type) pairs or raise ValidationError."""
    files = [f for f in files if f]
    errors = []
    if len(files) > settings.ATTACHMENT_MAX_FILES:
        raise ValidationError(
            _("You can attach at most %(count)d files at a time.")
            % {"count": settings.ATTACHMENT_MAX_FILES}
        )
    checked = []
    for f in files:
        if f.size > settings.ATTACHMENT_MAX_BYTES:
            errors.append(
                _("%(name)s is too large (%(size)s); the limit is %(limit)s.")
                % {
                    "name": f.name,
                    "size": filesizeformat(f.size),
                    "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
                }
            )
            continue
        f.seek(0)
        head = f.read(2048)
        f.seek(0)
        content_type = sniff_content_type(f.name, head)
        if content_type is None:
            errors.append(
                _("%(name)s is not an allowed file type. Allowed: %(types)s.")
                % {"name": f.name, "types": ", ".join(ALLOWED_ENDINGS)}
            )
            continue
        checked.append((f, content_type))
    if errors:
        raise ValidationError(errors)
    return checked
