"""Frågor och Svar pages: the index with search, an article, staff writing, votes and
the suggestions fragment of the new-ticket form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kundcenter.accounts.models import Module
from kundcenter.knowledge import actions
from kundcenter.knowledge.access import get_article_for, may_edit_articles, require_editor
from kundcenter.knowledge.forms import ArticleForm, SearchForm, SynonymForm
from kundcenter.knowledge.models import Article, Synonym, UnansweredSearch, Vote
from kundcenter.knowledge.rendering import render_markdown
from kundcenter.knowledge.search import search, suggest_articles
from kundcenter.knowledge.site_search import search_everything
from kundcenter.lib.errors import ActionError
from kundcenter.lib.page_cache import cached_page
from kundcenter.lib.params import parse_id
from kundcenter.tickets.workflows import Category

LIST_LENGTH = 10
SUGGESTIONS_SHOWN = 5
# The link from a suggestion on the ticket form says where it came from.
FROM_TICKET_FORM = "ticket-form"
UNANSWERED_SHOWN = 50


@cached_page
@login_required
def index(request):
    """Search, the most read and the recently updated articles, per module."""
    user = request.user
    form = SearchForm(request.GET or None)
    query, module = form.cleaned()
    editor = may_edit_articles(user)
    published = Article.objects.published().select_related("module")
    if module is not None:
        published = published.filter(module=module)
    outcome = search(query, module=module, user=user) if query else None
    if outcome is not None and not outcome.results and module is None:
        actions.record_unanswered_search(query)
    context = {
        "form": form,
        "query": query,
        "module": module,
        "results": outcome.results if outcome else None,
        # "Menade du …": the corrected query, and whether the results are its.
        "suggestion": outcome.suggestion if outcome else None,
        "showing_suggestion": outcome.corrected if outcome else False,
        "modules": Module.objects.filter(active=True).annotate(
            article_count=Count(
                "articles",
                filter=None if editor else Q(articles__status=Article.Status.PUBLISHED),
            )
        ),
        "editor": editor,
        "nav": "knowledge",
    }
    if not query:
        context["most_read"] = published.order_by("-view_count", "title")[:LIST_LENGTH]
        context["recent"] = published.order_by("-updated_at", "title")[:LIST_LENGTH]
        if module is not None:
            context["module_articles"] = published.order_by("title")
        if editor:
            drafts = Article.objects.filter(status=Article.Status.DRAFT)
            if module is not None:
                drafts = drafts.filter(module=module)
            context["drafts"] = drafts.select_related("module").order_by("-updated_at")[:50]
    return render(request, "knowledge/index.html", context)


@login_required
def site_search(request):
    """The one search box's results: articles, academy pages, videos, release notes and
    services in one ranked list, each labelled with where it lives. Public items only,
    for staff too (their drafts are searched on Frågor och svar's own page)."""
    form = SearchForm(request.GET or None)
    query, module = form.cleaned()
    outcome = search_everything(query, module=module) if query else None
    if outcome is not None and not outcome.results and module is None:
        actions.record_unanswered_search(query)
    return render(
        request,
        "knowledge/site_search.html",
        {
            "form": form,
            "query": query,
            "module": module,
            "results": outcome.results if outcome else None,
            "suggestion": outcome.suggestion if outcome else None,
            "showing_suggestion": outcome.corrected if outcome else False,
            "nav": "search",
        },
    )


@login_required
def article_detail(request, slug):
    user = request.user
    article = get_article_for(user, slug, Article.objects.select_related("module", "author"))
    actions.record_view(article, user)
    if request.GET.get("from") == FROM_TICKET_FORM:
        actions.record_open(request.GET.get("s"), user, article)
    related = article.related.visible_to(user).select_related("module").order_by("title")
    return render(
        request,
        "knowledge/article.html",
        {
            "article": article,
            "body_html": render_markdown(article.body),
            "related": related,
            "vote": Vote.objects.filter(article=article, user=user).first(),
            "editor": may_edit_articles(user),
            "nav": "knowledge",
        },
    )


def _edit_page(request, article=None):
    require_editor(request.user)
    form = ArticleForm(request.POST or None, instance=article)
    preview_html = None
    if request.method == "POST":
        if "preview" in request.POST:
            # The preview button without JavaScript: show the text rendered, save nothing.
            preview_html = render_markdown(request.POST.get("body", ""))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                article = actions.save_article(
                    request.user,
                    article=article,
                    title=data["title"],
                    body=data["body"],
                    module=data["module"],
                    category=data["category"],
                    tags=data["tags"],
                    status=data["status"],
                    last_reviewed=data["last_reviewed"],
                    related=data["related"],
                )
            except ActionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The article has been saved."))
                return redirect("knowledge:article", slug=article.slug)
    return render(
        request,
        "knowledge/edit.html",
        {"form": form, "article": article, "preview_html": preview_html, "nav": "knowledge"},
    )


@login_required
def article_new(request):
    return _edit_page(request)


@login_required
def article_edit(request, slug):
    require_editor(request.user)
    return _edit_page(request, get_article_for(request.user, slug))


@login_required
@require_POST
def preview(request):
    """The Markdown of the edit form rendered and sanitized, for the htmx preview."""
    require_editor(request.user)
    return render(
        request,
        "knowledge/_preview.html",
        {"preview_html": render_markdown(request.POST.get("body", ""))},
    )


@login_required
@require_POST
def article_vote(request, slug):
    article = get_article_for(request.user, slug)
    answer = request.POST.get("helpful")
    vote = None
    if answer in ("yes", "no"):
        try:
            vote = actions.vote(article, request.user, helpful=answer == "yes")
        except ActionError as exc:
            messages.error(request, exc.message)
    if request.htmx:
        article.refresh_from_db(fields=["helpful_yes", "helpful_no"])
        return render(request, "knowledge/_vote.html", {"article": article, "vote": vote})
    if vote is not None:
        messages.success(request, _("Thank you for your answer."))
    return redirect("knowledge:article", slug=article.slug)


@login_required
@require_GET
def suggestions(request):
    """Articles matching the title and description being typed in the new-ticket form.

    Only published articles, those of the chosen module first and of the chosen category
    first among those; what was shown is logged
    for the deflection figures.
    """
    title = request.GET.get("title", "")[:200]
    description = request.GET.get("description", "")[:2000]
    results = suggest_articles(
        title,
        description,
        module=parse_id(request.GET.get("module")),
        category=_category(request.GET.get("category")),
        limit=SUGGESTIONS_SHOWN,
    )
    log = None
    if results:
        log = actions.record_suggestions(
            request.user,
            f"{title.strip()}\n{description.strip()}".strip(),
            [r.article for r in results],
            request.GET.get("kb_log"),
        )
    return render(
        request,
        "knowledge/_suggestions.html",
        {"results": results, "log": log, "from_ticket_form": FROM_TICKET_FORM},
    )


def _category(value):
    return value if value in Category.values else None


@login_required
def synonyms(request):
    """Staff's list of the search's synonyms, with adding and removing, and the searches
    that found nothing (the most frequent first): what to write or teach the search."""
    require_editor(request.user)
    form = SynonymForm(request.POST or None)
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                actions.remove_synonym(request.user, request.POST.get("remove"))
                messages.success(request, _("The synonym has been removed."))
                return redirect("knowledge:synonyms")
            if form.is_valid():
                actions.add_synonym(request.user, **form.cleaned_data)
                messages.success(request, _("The synonym has been added."))
                return redirect("knowledge:synonyms")
        except ActionError as exc:
            form.add_error(None, exc.message)
    return render(
        request,
        "knowledge/synonyms.html",
        {
            "form": form,
            "synonyms": Synonym.objects.all(),
            "unanswered": UnansweredSearch.objects.all()[:UNANSWERED_SHOWN],
            "nav": "knowledge",
        },
    )
