from django import template
from django.utils import timezone
from django.utils.translation import get_language

from kundcenter.academy.models import NewsItem
from kundcenter.academy.notice import unread_release_note
from kundcenter.lib.memo import ProcessMemo

register = template.Library()

# The start page shows them on every visit; they change when staff publish (kept per
# process for up to a minute, forgotten at once when an item is saved in this process).
_news = ProcessMemo("latest-news", 60, models=[NewsItem])


@register.simple_tag(takes_context=True)
def release_notice(context):
    """The unread newest release note for the notice bar (None: nothing to show)."""
    request = context.get("request")
    return unread_release_note(request) if request is not None else None


@register.simple_tag
def latest_news(count=3):
    """The newest published news in the reader's language, for start pages (one query per
    process and language a minute)."""
    language, today = get_language(), timezone.localdate()
    return _news.get(
        (language, today, count),
        lambda: list(NewsItem.objects.published(language, today=today)[:count]),
    )
