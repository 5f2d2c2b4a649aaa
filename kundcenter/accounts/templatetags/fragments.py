"""`{% memo %}`: a part of a page that is the same for everyone with the same few values,
rendered once per process instead of on every page (the customer's menu: a dozen links
reversed and translated on every request).

    {% load fragments %}
    {% memo "portal-nav" nav is_portal_superuser %} … {% endmemo %}

The output is kept per process for the name, the values given, the language and the URL
prefix (kundcenter.lib.memo; tests forget it between tests). Everything inside may depend
only on those: no user data, no CSRF token, no request path, no counts from the database.
With DEBUG on it is rendered every time, so edited templates show at once.

`unless=<value>` last renders it every time while the value is true: a form kept while it is
blank and drawn afresh when it comes back with what the user typed.

    {% memo "time-form" today unless=form.is_bound %} … {% endmemo %}
"""

import math

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from kundcenter.lib.memo import ProcessMemo

register = template.Library()

_fragments = ProcessMemo("template-fragments", math.inf, max_size=512)


class MemoNode(template.Node):
    def __init__(self, nodelist, name, values, unless=None):
        self.nodelist = nodelist
        self.name = name
        self.values = values
        self.unless = unless

    def render(self, context):
        if settings.DEBUG or (self.unless is not None and self.unless.resolve(context)):
            return self.nodelist.render(context)
        key = (
            self.name,
            tuple(value.resolve(context) for value in self.values),
            get_language(),
            get_script_prefix(),
            get_urlconf() or settings.ROOT_URLCONF,
        )
        return _fragments.get(key, lambda: mark_safe(self.nodelist.render(context)))


@register.tag
def memo(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a quoted name first")
    unless = None
    if bits[-1].startswith("unless="):
        unless = parser.compile_filter(bits.pop()[len("unless=") :])
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    values = [parser.compile_filter(bit) for bit in bits[2:]]
    return MemoNode(nodelist, bits[1][1:-1], values, unless)
