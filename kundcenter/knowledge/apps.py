from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    """Frågor och Svar: the knowledge base, its search and the ticket-form suggestions."""

    name = "kundcenter.knowledge"
    label = "knowledge"
    verbose_name = _("Questions and answers")

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_delete

        from kundcenter.academy.models import DocumentationPage, ReleaseNote, Video
        from kundcenter.catalog.models import Service
        from kundcenter.knowledge import search, site_search, suggestion_counts
        from kundcenter.knowledge.models import Article, SuggestionLog
        from kundcenter.tickets.models import Ticket

        # Signals rather than Article.save(): the admin, cascades and loaddata go through
        # them too, so the SQLite full-text table never misses a change.
        post_save.connect(search.article_saved, sender=Article, dispatch_uid="kb-index-save")
        # Before the delete: on PostgreSQL the article's tokens are counted off its row.
        pre_delete.connect(search.article_deleting, sender=Article, dispatch_uid="kb-index-del")

        # The one search box's index follows every item customers can read.
        for model in (Article, DocumentationPage, Video, ReleaseNote, Service):
            name = model._meta.label_lower
            post_save.connect(site_search.item_saved, sender=model, dispatch_uid=f"site-{name}")
            post_delete.connect(
                site_search.item_deleted, sender=model, dispatch_uid=f"site-del-{name}"
            )

        # The deflection counts follow what SuggestionLog.save() cannot see: a deleted
        # log, and a deleted ticket or article emptying the logs' links.
        sc = suggestion_counts
        post_delete.connect(sc.log_deleted, sender=SuggestionLog, dispatch_uid="sc-log-del")
        pre_delete.connect(sc.ticket_deleting, sender=Ticket, dispatch_uid="sc-ticket-pre")
        post_delete.connect(sc.ticket_deleted, sender=Ticket, dispatch_uid="sc-ticket-del")
        pre_delete.connect(sc.article_deleting, sender=Article, dispatch_uid="sc-article-pre")
        post_delete.connect(sc.article_deleted, sender=Article, dispatch_uid="sc-article-del")
