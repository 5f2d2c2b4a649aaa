"""Downloading attachments: always through the access check, never as a public URL."""

from csp.decorators import csp_replace
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.utils.http import content_disposition_header
from django.views.decorators.clickjacking import xframe_options_sameorigin

from kundcenter.tickets.access import get_attachment_for
from kundcenter.tickets.files import sniff_content_type


@login_required
def download(request, number, attachment_id):
    """Stream one attachment as a download, if the user may see it (404 otherwise).

    Always a download with the stored content type and `nosniff`, so an uploaded file
    is never rendered as a page of this site.
    """
    attachment = get_attachment_for(request.user, number, attachment_id)
    try:
        handle = attachment.file.storage.open(attachment.file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404("File missing") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# What a browser may show inline from our own origin: raster images and PDF. Never SVG or
# HTML (they can run script), never text (a browser might guess it is HTML).
PREVIEWABLE = {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"}


def preview_type(attachment) -> str | None:
    """The type to preview `attachment` as, proven again from its stored bytes (the
    upload check's allow-list, kundcenter.tickets.files), or None: download only."""
    if attachment.content_type not in PREVIEWABLE:
        return None
    try:
        with attachment.file.storage.open(attachment.file.name, "rb") as handle:
            head = handle.read(2048)
    except FileNotFoundError:
        return None
    sniffed = sniff_content_type(attachment.filename, head)
    return sniffed if sniffed in PREVIEWABLE and sniffed == attachment.content_type else None


@login_required
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": ["'self'"]})
def preview(request, number, attachment_id):
    """Show one image or PDF inline, for an <img> or a sandboxed <iframe> on our own
    pages, after the same access check as a download (404 otherwise, and for any other
    type). Framable by our own pages only; `nosniff` and a sandbox CSP keep a file from
    ever acting as a page of this site."""
    attachment = get_attachment_for(request.user, number, attachment_id)
    content_type = preview_type(attachment)
    if content_type is None:
        raise Http404("No preview for this file")
    handle = attachment.file.storage.open(attachment.file.name, "rb")
    response = FileResponse(handle, as_attachment=False, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(False, attachment.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
