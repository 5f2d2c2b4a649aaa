"""Downloading attachments: always through the access check, never as a public URL."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from kundcenter.tickets.access import get_attachment_for


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
