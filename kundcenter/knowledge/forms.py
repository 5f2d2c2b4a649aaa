"""Forms: searching the articles, and staff writing one."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from kundcenter.accounts.models import Module
from kundcenter.knowledge.models import Article

BODY_MAX_CHARS = 50_000


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. invoice")}),
    )
    module = forms.ModelChoiceField(
        label=_("Module"),
        queryset=Module.objects.filter(active=True),
        to_field_name="slug",
        required=False,
        empty_label=_("All modules"),
    )

    def cleaned(self):
        """(query, module) from valid input; anything invalid counts as not given."""
        if self.is_valid():
            return self.cleaned_data["q"].strip(), self.cleaned_data["module"]
        return "", None


class ArticleForm(forms.ModelForm):
    """An article as staff write it. The Markdown is previewed, sanitized, before saving."""

    class Meta:
        model = Article
        fields = [
            "title", "module", "category", "tags", "body", "status", "last_reviewed", "related"
        ]  # fmt: skip
        widgets = {
            "body": forms.Textarea(attrs={"rows": 18}),
            "last_reviewed": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "related": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "body": _(
                "Markdown: ## heading, **bold**, *italic*, - list, 1. numbered list, "
                "[link](https://…), ![image](https://…), `code`."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = Module.objects.filter(active=True)
        self.fields["module"].empty_label = _("General (all modules)")
        related = Article.objects.order_by("title").only("pk", "title")
        if self.instance.pk:
            related = related.exclude(pk=self.instance.pk)
        self.fields["related"].queryset = related
        self.fields["related"].required = False

    def clean_body(self):
        body = self.cleaned_data["body"]
        if len(body) > BODY_MAX_CHARS:
            raise forms.ValidationError(
                _("The text is too long: at most %(max)d characters.") % {"max": BODY_MAX_CHARS}
            )
        return body

    def clean_tags(self):
        """Comma-separated, trimmed, each tag once."""
        seen, tags = set(), []
        for tag in self.cleaned_data["tags"].split(","):
            tag = " ".join(tag.split())
            if tag and tag.lower() not in seen:
                seen.add(tag.lower())
                tags.append(tag)
        joined = ", ".join(tags)
        if len(joined) > Article._meta.get_field("tags").max_length:
            raise forms.ValidationError(_("Too many tags."))
        return joined


# On the new-ticket form's title and description (kundcenter.tickets.forms_portal): htmx
# asks for matching articles while the customer types (the chosen module's and
# category's first), and the reply fills #kb-suggestions and keeps the suggestion log's
# id in the form's hidden `kb_log` field.
SUGGESTION_WIDGET_ATTRS = {
    "hx-get": reverse_lazy("knowledge:suggestions"),
    "hx-trigger": "keyup changed delay:400ms",
    "hx-target": "#kb-suggestions",
    "hx-include": (
        "[name='title'], [name='description'], [name='module'], [name='category'], [name='kb_log']"
    ),
    "hx-sync": "closest form:replace",
}
# On the module and category: choosing another asks again at once.
SUGGESTION_CHOICE_ATTRS = {**SUGGESTION_WIDGET_ATTRS, "hx-trigger": "change"}


class SynonymForm(forms.Form):
    """A synonym as staff add it (checked again by actions.add_synonym)."""

    term = forms.CharField(
        label=_("Word searched for"),
        max_length=60,
        help_text=_("One word as customers write it, e.g. lönespec."),
    )
    means = forms.CharField(
        label=_("Means"),
        max_length=200,
        help_text=_("The word or words the articles use, e.g. lönespecifikation."),
    )
