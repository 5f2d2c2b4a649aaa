"""Articles for the knowledge-base tests."""

import itertools

from django.utils.text import slugify

from kundcenter.accounts.models import Module
from kundcenter.knowledge.models import Article

_seq = itertools.count(1)


def make_article(
    title, body="Text.", *, module=None, status=Article.Status.PUBLISHED, tags="", **extra
):
    """An article saved the ordinary way (so the search index follows). `module` is a
    module slug or None (a general article)."""
    return Article.objects.create(
        title=title,
        slug=f"{slugify(title)[:180]}-{next(_seq)}",
        body=body,
        tags=tags,
        status=status,
        module=Module.objects.get(slug=module) if module else None,
        **extra,
    )


def titles(results):
    return [result.article.title for result in results]
