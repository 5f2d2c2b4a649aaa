"""A form renderer that writes the plainest widgets in Python.

Django draws every widget through templates: an `<input>` is three of them (text.html,
input.html, attrs.html), a `<select>` two per option. On the busiest pages (the agent
queue has a dozen filter fields, the ticket page as many small forms) that was a third
of the page's work. `FastWidgetRenderer` writes exactly the same HTML for Django's own
input, select and textarea templates, character for character
(tests/test_fast_widget_renderer.py compares them), and leaves every other template
(radio buttons, file inputs, custom widgets) to Django's templates.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
INPUTS = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "search",
        "tel",
        "date",
        "datetime",
        "time",
        "checkbox",
    )
)
SELECT = f"{WIDGETS}select.html"
OPTION = f"{WIDGETS}select_option.html"
TEXTAREA = f"{WIDGETS}textarea.html"


class Unsupported(Exception):
    """A value the Python path does not write the way the template would: use the template."""


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: safe text stays as it is, anything else is escaped."""
    if isinstance(value, SafeData):
        return str(value)
    if isinstance(value, tuple) or (callable(value) and not isinstance(value, Promise)):
        raise Unsupported  # "%s" % tuple differs from str(); the template would call a callable
    return conditional_escape(str(value))


def _shown(value) -> str:
    """`{{ value }}` for text (labels, names): localized, then escaped unless safe."""
    if isinstance(value, bool) or not isinstance(value, str | Promise | int):
        raise Unsupported
    return conditional_escape(localize(value))


def _attrs(attrs) -> str:
    """django/forms/widgets/attrs.html."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {_shown(name)}")
        else:
            out.append(f' {_shown(name)}="{_formatted(value)}"')
    return "".join(out)


def _input(widget) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _select(widget) -> str:
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                raise Unsupported
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_shown(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget) -> str:
    value = widget["value"]
    text = _shown(value) if value else ""
    return f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>'


WRITERS = {**dict.fromkeys(INPUTS, _input), SELECT: _select, TEXTAREA: _textarea}


class FastWidgetRenderer(DjangoTemplates):
    """Django's default renderer, with the common widgets written in Python."""

    def render(self, template_name, context, request=None):
        writer = WRITERS.get(template_name)
        widget = context.get("widget") if writer is not None else None
        if widget is not None and widget.get("template_name") == template_name:
            try:
                return mark_safe(writer(widget).strip())
            except Unsupported:
                pass
        return super().render(template_name, context, request=request)
