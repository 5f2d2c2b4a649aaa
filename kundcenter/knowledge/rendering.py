"""Article bodies: Markdown rendered to HTML, then sanitized with nh3.

Staff write the Markdown, but the HTML still goes through an allowlist: a stolen or
careless staff account must not be able to put script into every customer's browser.
"""

import html
import re

import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

MARKDOWN_EXTENSIONS = ["fenced_code", "tables", "sane_lists", "smarty"]

ALLOWED_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote",
    "ul", "ol", "li", "dl", "dt", "dd",
    "strong", "em", "b", "i", "code", "pre", "kbd", "sup", "sub", "del",
    "a", "img",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
# Links may be web, mail or relative (another article); images only absolute http(s).
URL_SCHEMES = {"http", "https", "mailto"}
IMAGE_SOURCE = re.compile(r"^https?://", re.IGNORECASE)
# Control characters never belong in text, and the search snippets use two of them as
# highlight markers, so they are removed from the plain text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
WHITESPACE = re.compile(r"\s+")


def _attribute_filter(tag, attribute, value):
    if tag == "img" and attribute == "src" and not IMAGE_SOURCE.match(value.strip()):
        return None
    return value


def sanitize(raw_html: str) -> str:
    return nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(body: str) -> SafeString:
    """The article body as safe HTML."""
    # Imported on first use: the models import this module, so every process (the MTA
    # pipe included) would load Markdown at start-up, and most never render an article.
    import markdown

    converted = markdown.markdown(body or "", extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return mark_safe(sanitize(converted))  # nh3 has just sanitized it


def plain_text(body: str) -> str:
    """The words a reader sees in the body, for the search index and the snippets."""
    text = html.unescape(strip_tags(render_markdown(body)))
    return WHITESPACE.sub(" ", CONTROL_CHARACTERS.sub("", text)).strip()
