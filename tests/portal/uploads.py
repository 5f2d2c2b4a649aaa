"""Small uploaded files for portal tests."""

from django.core.files.uploadedfile import SimpleUploadedFile

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def png(name="skarmbild.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def html(name="sida.html"):
    return SimpleUploadedFile(name, b"<html><script>alert(1)</script></html>", "text/html")


def svg(name="bild.svg"):
    return SimpleUploadedFile(
        name, b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "image/svg+xml"
    )


def large_png(size, name="stor.png"):
    return SimpleUploadedFile(name, PNG + b"\x00" * size, content_type="image/png")
