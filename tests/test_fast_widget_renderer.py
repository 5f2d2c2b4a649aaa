"""The form renderer that writes the common widgets in Python gives exactly the HTML
Django's widget templates give, so no page changes by a character."""

import datetime

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from kundcenter.lib.forms import FastWidgetRenderer
from kundcenter.tickets.forms_agent import (
    AssignForm,
    BulkForm,
    CategoryForm,
    CloseForm,
    MergeForm,
    QueueFilterForm,
    ReplyForm,
    SavedViewForm,
    TagForm,
    TeamForm,
    TicketNumberForm,
)


class Everything(forms.Form):
    text = forms.CharField(
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "placeholder": gettext_lazy("Name or 556677-8899"),
                "data-x": 'a "quoted" <b>',
                "data-safe": mark_safe("<i>"),
                "autofocus": True,
                "hidden": False,
            }
        ),
    )
    number = forms.IntegerField(min_value=0, max_value=1500)
    email = forms.EmailField(required=False)
    hidden = forms.IntegerField(widget=forms.HiddenInput, required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    when = forms.DateTimeField(required=False)
    tick = forms.BooleanField(required=False)
    choice = forms.ChoiceField(
        choices=[("", "–"), ("a", "A & B"), ("b", gettext_lazy("Open"))], required=False
    )
    grouped = forms.ChoiceField(
        choices=[("Ett", [("1", "ett"), ("2", "två")]), ("3", "<tre>")], required=False
    )
    numbers = forms.TypedChoiceField(choices=[(1, 1), (2, 2000)], coerce=int)
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], required=False)
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    radio = forms.ChoiceField(choices=[("r", "R")], widget=forms.RadioSelect)
    upload = forms.FileField(required=False)


SAMPLES = [
    Everything(),
    Everything(
        initial={
            "text": "<script>",
            "number": 1200,
            "day": datetime.date(2026, 12, 6),
            "when": datetime.datetime(2026, 12, 6, 9, 30),
            "tick": True,
            "choice": "a",
            "grouped": "2",
            "numbers": 2,
            "many": ["x", "y"],
            "area": "rad 1\n<rad 2>",
        }
    ),
    Everything(data={"text": "x" * 30, "number": "-1", "area": "", "choice": "zz"}),
]


def _html(form, renderer):
    form.renderer = renderer
    return [str(form[name]) for name in form.fields]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_widget_is_written_as_the_templates_write_it(language):
    with override(language):
        for form in SAMPLES:
            assert _html(form, FastWidgetRenderer()) == _html(form, DjangoTemplates())


def test_the_agent_forms_are_written_as_the_templates_write_them(db, specialist_hantverk, ticket_a):
    forms_to_compare = [
        QueueFilterForm({"q": "moms", "status": "open"}, user=specialist_hantverk),
        QueueFilterForm({}, user=specialist_hantverk),
        BulkForm(),
        SavedViewForm(),
        ReplyForm(),
        ReplyForm(data={"kind": "internal", "body": "<b>hej</b>"}),
        TagForm(),
        MergeForm(),
        TicketNumberForm(),
        AssignForm(ticket=ticket_a),
        CategoryForm(initial={"category": ticket_a.category}),
        TeamForm(initial={"team": ticket_a.team_id}),
        CloseForm(),
    ]
    for form in forms_to_compare:
        assert _html(form, FastWidgetRenderer()) == _html(form, DjangoTemplates()), form


def test_the_site_uses_it():
    assert settings.FORM_RENDERER == "kundcenter.lib.forms.FastWidgetRenderer"
