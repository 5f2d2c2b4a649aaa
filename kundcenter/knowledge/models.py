"""Frågor och Svar: articles, readers' votes and the suggestions shown on the ticket form."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kundcenter.accounts.models import Module
from kundcenter.knowledge.rendering import plain_text
from kundcenter.tickets.workflows import Category as TicketCategory


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED)

    def visible_to(self, user):
        """Articles `user` may read: staff see drafts too, everyone else published ones."""
        from kundcenter.knowledge.access import may_edit_articles

        return self if may_edit_articles(user) else self.published()


class Article(models.Model):
    """A knowledge-base article: Markdown written by staff, read by every logged-in user.

    `body_text` is the plain text of the rendered body, kept in step on save; the search
    index (a generated tsvector column on PostgreSQL, an FTS5 table on SQLite) covers the
    title, the tags and `body_text`. A module of None means the article is general.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    module = models.ForeignKey(
        Module,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("module"),
        help_text=_("Leave empty for an article about the system as a whole."),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=220, unique=True)
    body = models.TextField(_("text"), help_text=_("Markdown."))
    body_text = models.TextField(editable=False, blank=True, default="")
    tags = models.CharField(
        _("tags"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # The kind of ticket the article answers (a bug's workaround, how to order): the
    # new-ticket form's suggestions put articles of the chosen category first.
    category = models.CharField(
        _("ticket category"),
        max_length=10,
        choices=TicketCategory.choices,
        blank=True,
        help_text=_("The kind of ticket it answers, if one; empty for any."),
    )
    last_reviewed = models.DateField(_("last reviewed"), default=timezone.localdate)
    related = models.ManyToManyField("self", blank=True, verbose_name=_("related articles"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    view_count = models.PositiveIntegerField(_("times read"), default=0)
    helpful_yes = models.PositiveIntegerField(_("found it helpful"), default=0)
    helpful_no = models.PositiveIntegerField(_("did not find it helpful"), default=0)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["status", "-view_count"], name="kb_article_most_read"),
            models.Index(fields=["status", "-updated_at"], name="kb_article_recent"),
            models.Index(fields=["module", "status"], name="kb_article_module"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            self.body_text = plain_text(self.body)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "body_text"}
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]


class Vote(models.Model):
    """One reader's answer to "Was this helpful?"; one per person and article."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="votes", verbose_name=_("article")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="kb_votes",
        verbose_name=_("user"),
    )
    helpful = models.BooleanField(_("helpful"))
    created_at = models.DateTimeField(_("voted"), default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="kb_one_vote_per_user")
        ]

    def __str__(self):
        return f"{self.user_id} → {self.article_id}: {self.helpful}"


class SuggestionLog(models.Model):
    """What the new-ticket form suggested to one customer, and what they did next.

    One row per filling-in of the form: the suggestions endpoint updates it while the
    customer types. Opening a suggested article sets `opened_article`; registering the
    ticket anyway sets `ticket`. A row with an opened article and no ticket is a
    deflected ticket, counted by the reports.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="kb_suggestion_logs",
        verbose_name=_("user"),
    )
    query = models.CharField(_("latest text"), max_length=500)
    shown_article_ids = models.JSONField(_("articles shown"), default=list)
    opened_article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article opened"),
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ticket registered"),
    )
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    created_at = models.DateTimeField(_("first suggestion"), default=timezone.now)
    updated_at = models.DateTimeField(_("latest suggestion"), default=timezone.now)
    # Which cells of SuggestionCount this log is counted in
    # (kundcenter.knowledge.suggestion_counts), kept in step by `save()`.
    counted_as = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("suggestion log")
        verbose_name_plural = _("suggestion logs")
        indexes = [models.Index(fields=["created_at"], name="kb_suggestion_created")]

    def __str__(self):
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        """Save, and move the log between the deflection counts (SuggestionCount) when
        what they count it by changed, in the same transaction."""
        from django.db import transaction

        from kundcenter.knowledge import suggestion_counts

        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not suggestion_counts.COUNTED_FIELDS.intersection(
            update_fields
        ):
            super().save(*args, **kwargs)
            return
        with transaction.atomic(savepoint=False):
            super().save(*args, **kwargs)
            suggestion_counts.recount(self)

    @property
    def deflected(self) -> bool:
        return self.opened_article_id is not None and self.ticket_id is None


class Synonym(models.Model):
    """A word customers type and what the articles call it (lönespec → lönespecifikation),
    kept by staff and applied when a query is read: a query word that is `term` (in any
    inflection: the words are compared by their stems) also matches `means`. One way
    only; add the reverse as a synonym of its own if it is wanted too.
    """

    term = models.CharField(
        _("word searched for"),
        max_length=60,
        help_text=_("One word as customers write it, e.g. lönespec."),
    )
    means = models.CharField(
        _("means"),
        max_length=200,
        help_text=_("The word or words the articles use, e.g. lönespecifikation."),
    )
    # The stem of `term`, set on save: how a query word finds its synonyms.
    key = models.CharField(max_length=60, editable=False, db_index=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["term", "means"]
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        constraints = [models.UniqueConstraint(fields=["term", "means"], name="kb_synonym_unique")]

    def __str__(self):
        return f"{self.term} → {self.means}"

    def save(self, *args, **kwargs):
        from kundcenter.knowledge.text import stem, words

        found = words(self.term)
        self.term = found[0] if found else self.term.strip().lower()
        self.key = stem(self.term)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "term", "key"}
        super().save(*args, **kwargs)

    def clean(self):
        from django.core.exceptions import ValidationError

        from kundcenter.knowledge.text import words

        if len(words(self.term)) != 1:
            raise ValidationError({"term": _("Write one word.")})
        if not words(self.means):
            raise ValidationError({"means": _("Write at least one word.")})


class SearchTerm(models.Model):
    """One token of the search index (a stem, or the stem of a compound's part) and how
    many articles have it: the vocabulary that misspelt query words are corrected
    against. Kept in step with the index by kundcenter.knowledge.search."""

    term = models.CharField(max_length=100, unique=True)
    article_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self):
        return f"{self.term} ({self.article_count})"


class UnansweredSearch(models.Model):
    """A search that found no article, counted: what staff should write about next.

    Only the query's normalised words are kept (lower case, stop words dropped, in the
    order typed), never who searched or when beyond the day last seen.
    """

    words = models.CharField(_("words searched for"), max_length=200, unique=True)
    count = models.PositiveIntegerField(_("times"), default=0)
    last_searched = models.DateField(_("last searched"), default=timezone.localdate)

    class Meta:
        ordering = ["-count", "words"]
        verbose_name = _("search without answer")
        verbose_name_plural = _("searches without answer")

    def __str__(self):
        return f"{self.words} ({self.count})"


class SuggestionCount(models.Model):
    """How many new-ticket forms were first filled in on a local day (`span` d) or in a
    month (`span` m), by the article opened from them (`article`: its id, 0 for none) and
    whether a ticket was registered from them. Kept current by `SuggestionLog.save()`
    and deletions (kundcenter.knowledge.suggestion_counts), so the deflection report adds
    up cells instead of counting a year of forms."""

    span = models.CharField(max_length=1)
    period = models.DateField()
    article = models.IntegerField()
    registered = models.BooleanField()
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("suggestion count")
        constraints = [
            models.UniqueConstraint(
                fields=["span", "period", "article", "registered"], name="suggestioncount_cell"
            )
        ]

    def __str__(self):
        return f"{self.span} {self.period} {self.article}: {self.n}"


class SearchEntry(models.Model):
    """One thing customers can read, in the one search box's index (kundcenter.knowledge.
    site_search): a published article, documentation page or video (its transcript), a
    release note or an orderable service. Only what every customer may see is here; an
    item unpublished or made internal leaves the index. `visible_from` hides a release
    note until its day. Kept current by the items' saves and deletes; rebuilt by
    `manage.py rebuild_search_index`."""

    class Kind(models.TextChoices):
        ARTICLE = "article", pgettext_lazy("where a search hit lives", "Questions and answers")
        PAGE = "page", pgettext_lazy("where a search hit lives", "Academy")
        VIDEO = "video", pgettext_lazy("where a search hit lives", "Video")
        RELEASE = "release", pgettext_lazy("where a search hit lives", "Release notes")
        SERVICE = "service", pgettext_lazy("where a search hit lives", "Services")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    module = models.ForeignKey(
        Module, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The ticket category an article answers, or a service's group: boosts, never filters.
    category = models.CharField(max_length=12, blank=True)
    title = models.CharField(max_length=200)
    tags = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    path = models.CharField(max_length=300)
    visible_from = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="kb_searchentry_item")
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.title}"


class SiteSearchTerm(models.Model):
    """The one search box's vocabulary: each token of SearchEntry's index and how many
    entries have it, what misspelt words are corrected against (as SearchTerm is for
    the articles' own search)."""

    term = models.CharField(max_length=100, unique=True)
    article_count = models.PositiveIntegerField(default=0)  # entries, named as SearchTerm's

    class Meta:
        verbose_name = _("site search term")
        verbose_name_plural = _("site search terms")

    def __str__(self):
        return f"{self.term} ({self.article_count})"
