"""Who may read and write articles. Drafts are 404 to everyone but staff."""

from django.http import Http404

from kundcenter.accounts.rules import is_staff_role


def may_edit_articles(user) -> bool:
    """Every member of the vendor's staff writes and edits articles; customers read."""
    return is_staff_role(user)


def get_article_for(user, slug: str, queryset=None):
    """The article `slug` if `user` may read it; Http404 otherwise."""
    from kundcenter.knowledge.models import Article

    queryset = queryset if queryset is not None else Article.objects.all()
    article = queryset.visible_to(user).filter(slug=slug).first()
    if article is None:
        raise Http404("No such article")
    return article


def require_editor(user):
    """Http404 unless `user` writes articles: customers never learn the edit pages exist."""
    if not may_edit_articles(user):
        raise Http404("No such page")
