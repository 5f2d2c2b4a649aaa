"""Articles, votes, suggestion logs and search synonyms in the Django admin (articles are
normally written on the site, where staff get the preview)."""

from django.contrib import admin

from kundcenter.knowledge.models import Article, SuggestionLog, Synonym, UnansweredSearch, Vote


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "module", "status", "last_reviewed", "view_count", "updated_at"]
    list_filter = ["status", "module"]
    list_select_related = ["module"]
    search_fields = ["title", "tags"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["related"]
    readonly_fields = ["view_count", "helpful_yes", "helpful_no", "created_at"]
    raw_id_fields = ["author"]


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["article", "user", "helpful", "created_at"]
    list_select_related = ["article", "user"]
    raw_id_fields = ["article", "user"]


@admin.register(SuggestionLog)
class SuggestionLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "query", "opened_article", "ticket"]
    list_select_related = ["user", "opened_article", "ticket"]
    date_hierarchy = "created_at"
    raw_id_fields = ["user", "opened_article", "ticket"]

    def has_add_permission(self, request):
        return False


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    """Staff keep the search's synonyms here: a word customers type and what the
    articles call it. They apply to the next search."""

    list_display = ["term", "means", "created_at"]
    search_fields = ["term", "means"]
    readonly_fields = ["created_at"]


@admin.register(UnansweredSearch)
class UnansweredSearchAdmin(admin.ModelAdmin):
    list_display = ["words", "count", "last_searched"]
    search_fields = ["words"]

    def has_add_permission(self, request):
        return False
