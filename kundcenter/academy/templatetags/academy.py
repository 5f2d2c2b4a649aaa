from django import template

from kundcenter.academy.notice import unread_release_note

register = template.Library()


@register.simple_tag(takes_context=True)
def release_notice(context):
    """The unread newest release note for the notice bar (None: nothing to show)."""
    request = context.get("request")
    return unread_release_note(request) if request is not None else None


@register.simple_tag
def latest_news(count=3):
    """The newest published news in the reader's language (one query), for start pages."""
    from django.utils.translation import get_language

    from kundcenter.academy.models import NewsItem

    return list(NewsItem.objects.published(get_language())[:count])
