from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    """Frågor och Svar: the knowledge base, its search and the ticket-form suggestions."""

    name = "kundcenter.knowledge"
    label = "knowledge"
    verbose_name = _("Questions and answers")

    def ready(self):
        from django.db.models.signals import post_save, pre_delete

        from kundcenter.knowledge import search
        from kundcenter.knowledge.models import Article

        # Signals rather than Article.save(): the admin, cascades and loaddata go through
        # them too, so the SQLite full-text table never misses a change.
        post_save.connect(search.article_saved, sender=Article, dispatch_uid="kb-index-save")
        # Before the delete: on PostgreSQL the article's tokens are counted off its row.
        pre_delete.connect(search.article_deleting, sender=Article, dispatch_uid="kb-index-del")
