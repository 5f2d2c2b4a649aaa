"""Knowledge-base search over the API: the same search as the Frågor och Svar page."""

from django.urls import reverse
from ninja import Field, Query, Router, Schema

from kundcenter.accounts.models import Module
from kundcenter.api import auth
from kundcenter.api.common import Text, answers
from kundcenter.knowledge.search import search
from kundcenter.lib.params import search_text

router = Router(tags=["Knowledge base"])


class ArticleHit(Schema):
    title: str
    slug: str
    url: str
    module: str | None
    snippet: str = Field(description="HTML with the matched words in <mark>.")


class SearchAnswer(Schema):
    results: list[ArticleHit]
    suggestion: str | None = Field(description='A corrected query ("Menade du …").')
    corrected: bool = Field(description="True: the results are those of the suggestion.")


class SearchQuery(Schema):
    q: Text = Field(max_length=200, description="Words to look for.")
    module: Text | None = Field(None, max_length=40, description="A module's short name.")
    limit: int = Field(10, ge=1, le=50)


@router.get("/knowledge/search", response=answers((200, SearchAnswer)), auth=auth.READ_TICKETS)
def knowledge_search(request, query: Query[SearchQuery]):
    """Articles matching `q`, best first; drafts only for staff, as on the web."""
    module = None
    if query.module:
        module = Module.objects.filter(slug=query.module.strip()).first()
        if module is None:
            return {"results": [], "suggestion": None, "corrected": False}
    outcome = search(search_text(query.q), module=module, user=request.auth.user, limit=query.limit)
    return {
        "results": [
            {
                "title": hit.article.title,
                "slug": hit.article.slug,
                "url": reverse("knowledge:article", args=[hit.article.slug]),
                "module": hit.article.module.slug if hit.article.module_id else None,
                "snippet": str(hit.snippet),
            }
            for hit in outcome.results
        ],
        "suggestion": outcome.suggestion,
        "corrected": outcome.corrected,
    }
