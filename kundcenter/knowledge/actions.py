"""Knowledge-base actions: writing articles, reading and voting, and the suggestions on
the new-ticket form (what was shown, opened, and whether a ticket followed), and the
search's synonyms."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kundcenter.knowledge.access import may_edit_articles
from kundcenter.knowledge.models import Article, SuggestionLog, Synonym, UnansweredSearch, Vote
from kundcenter.lib.errors import ActionError

SLUG_MAX = 200
# The suggestion log keeps at most this many shown articles (the first ones shown).
MAX_SHOWN_LOGGED = 50
EDITABLE_FIELDS = [
    "module", "category", "title", "body", "tags", "status", "last_reviewed", "updated_at"
]  # fmt: skip


def _unique_slug(title: str, exclude_pk=None) -> str:
    base = slugify(title)[:SLUG_MAX].strip("-") or "artikel"
    taken = set(
        Article.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug


def save_article(
    editor,
    *,
    title,
    body,
    article=None,
    module=None,
    category="",
    tags="",
    status=Article.Status.DRAFT,
    last_reviewed=None,
    related=(),
) -> Article:
    """Create an article (`article` None) or change one. Staff only.

    The address (slug) is made from the first title and kept when the title changes, so
    links customers saved keep working.
    """
    if not may_edit_articles(editor):
        raise ActionError(_("Only staff can write articles."))
    if not title.strip() or not body.strip():
        raise ActionError(_("An article needs a title and a text."))
    with transaction.atomic():
        creating = article is None
        if creating:
            article = Article(author=editor, slug=_unique_slug(title))
        article.module = module
        article.category = category or ""
        article.title = title.strip()
        article.body = body
        article.tags = tags
        article.status = status
        if last_reviewed is not None:
            article.last_reviewed = last_reviewed
        article.updated_at = timezone.now()
        if creating:
            article.save()
        else:
            article.save(update_fields=EDITABLE_FIELDS)
        article.related.set([a for a in related if a.pk != article.pk])
    return article


def record_view(article, user) -> None:
    """Count a reading of the article. Staff reading (and editing) are not counted."""
    if may_edit_articles(user) or not article.is_published:
        return
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)


def vote(article, user, helpful: bool) -> Vote:
    """`user` answers "Was this helpful?". One vote per person; a new answer replaces
    the old one and the article's counts follow."""
    if not article.is_published:
        raise ActionError(_("Only published articles can be rated."))
    with transaction.atomic():
        existing = Vote.objects.select_for_update().filter(article=article, user=user).first()
        if existing is None:
            try:
                with transaction.atomic():
                    existing = Vote.objects.create(article=article, user=user, helpful=helpful)
            except IntegrityError:  # the same person's second tab voted at the same moment
                return Vote.objects.get(article=article, user=user)
            counter = "helpful_yes" if helpful else "helpful_no"
            change = {counter: F(counter) + 1}
        elif existing.helpful != helpful:
            existing.helpful = helpful
            existing.created_at = timezone.now()
            existing.save(update_fields=["helpful", "created_at"])
            up, down = ("helpful_yes", "helpful_no") if helpful else ("helpful_no", "helpful_yes")
            change = {up: F(up) + 1, down: F(down) - 1}
        else:
            return existing
        Article.objects.filter(pk=article.pk).update(**change)
    return existing


def _own_open_log(log_id, user):
    """The user's suggestion log `log_id`, if it is theirs and no ticket came of it yet."""
    try:
        log_id = int(log_id)
    except (TypeError, ValueError):
        return None
    if not getattr(user, "is_authenticated", False):
        return None
    return SuggestionLog.objects.filter(pk=log_id, user=user, ticket__isnull=True).first()


def record_suggestions(user, query: str, articles, log_id=None) -> SuggestionLog:
    """Note the articles suggested to `user` for the text they are typing.

    The same form keeps one log (`log_id`, sent back by the form): the shown articles
    accumulate and the latest text is kept.
    """
    shown = [a.pk for a in articles]
    now = timezone.now()
    log = _own_open_log(log_id, user)
    if log is None:
        return SuggestionLog.objects.create(
            user=user,
            query=query[:500],
            shown_article_ids=shown[:MAX_SHOWN_LOGGED],
            created_at=now,
            updated_at=now,
        )
    new = [pk for pk in shown if pk not in log.shown_article_ids]
    log.shown_article_ids = (log.shown_article_ids + new)[:MAX_SHOWN_LOGGED]
    log.query = query[:500]
    log.updated_at = now
    log.save(update_fields=["shown_article_ids", "query", "updated_at"])
    return log


def record_open(log_id, user, article) -> SuggestionLog | None:
    """The customer opened a suggested article from the ticket form (the latest one
    opened is kept). Ignores logs that are not theirs."""
    log = _own_open_log(log_id, user)
    if log is None:
        return None
    log.opened_article = article
    log.opened_at = timezone.now()
    log.save(update_fields=["opened_article", "opened_at"])
    return log


def record_registration(log_id, ticket) -> SuggestionLog | None:
    """The ticket was registered from the form that showed the suggestions in
    `log_id`: link them, so the reports can tell deflected tickets from the rest.
    Never fails the registration: an unknown or foreign log is ignored."""
    if not log_id or ticket.reporter_id is None:
        return None
    log = _own_open_log(log_id, ticket.reporter)
    if log is None:
        return None
    log.ticket = ticket
    log.registered_at = timezone.now()
    log.save(update_fields=["ticket", "registered_at"])
    return log


def add_synonym(editor, *, term, means) -> Synonym:
    """Staff teach the search a word: `term` (one word customers type) also finds what
    the articles call `means`. Applies to the next search."""
    if not may_edit_articles(editor):
        raise ActionError(_("Only staff may change the search's synonyms."))
    synonym = Synonym(term=term, means=means.strip())
    try:
        synonym.full_clean(exclude=["key"], validate_unique=False)
    except ValidationError as exc:
        raise ActionError(" ".join(exc.messages)) from exc
    try:
        with transaction.atomic():
            synonym.save()
    except IntegrityError as exc:
        raise ActionError(_("That synonym is there already.")) from exc
    return synonym


def remove_synonym(editor, synonym_id) -> None:
    """Staff take a synonym away; the search stops using it at once."""
    if not may_edit_articles(editor):
        raise ActionError(_("Only staff may change the search's synonyms."))
    Synonym.objects.filter(pk=synonym_id).delete()


def record_unanswered_search(query: str) -> None:
    """Count a search that found nothing, by its normalised words only (no person)."""
    from kundcenter.knowledge.text import query_words

    words = " ".join(query_words(query))[:200]
    if not words:
        return
    today = timezone.localdate()
    updated = UnansweredSearch.objects.filter(words=words).update(
        count=F("count") + 1, last_searched=today
    )
    if not updated:
        try:
            with transaction.atomic():
                UnansweredSearch.objects.create(words=words, count=1, last_searched=today)
        except IntegrityError:  # counted by a parallel request a moment ago
            UnansweredSearch.objects.filter(words=words).update(count=F("count") + 1)


def purge_unanswered_searches(today=None) -> int:
    """Delete the counts of searches not searched again within
    UNANSWERED_SEARCH_RETENTION_DAYS (none when it is 0); returns how many."""
    from django.conf import settings

    days = settings.UNANSWERED_SEARCH_RETENTION_DAYS
    if days <= 0:
        return 0
    cutoff = (today or timezone.localdate()) - timedelta(days=days)
    deleted, _ = UnansweredSearch.objects.filter(last_searched__lt=cutoff).delete()
    return deleted
