"""The Swedish translation: complete, compiled, faithful to its placeholders, and in use.

Swedish is the default language and English the second; the source strings are English.
The compiled catalog (django.mo) is committed so a fresh machine needs no gettext tools.
"""

import gettext
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from kundcenter import settings as project_settings
from kundcenter.tickets.workflows import Status

LC_MESSAGES = Path(settings.BASE_DIR) / "kundcenter" / "locale" / "sv" / "LC_MESSAGES"
PO_PATH = LC_MESSAGES / "django.po"
MO_PATH = LC_MESSAGES / "django.mo"

# A Python %-format directive: %(name)s, %d, %%, %5.2f ...
DIRECTIVE = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
NAMED = re.compile(r"%\([^)]*\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


def label(entry):
    context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    return f"{context}{entry.msgid!r}"


@pytest.fixture(autouse=True)
def _project_default_language(settings):
    """Undo the suite's English default (tests/conftest.py): here the real default counts."""
    settings.LANGUAGE_CODE = project_settings.LANGUAGE_CODE
    with translation.override(project_settings.LANGUAGE_CODE):
        yield


def test_swedish_is_the_default_and_english_the_second_language():
    assert project_settings.LANGUAGE_CODE == "sv"
    assert [code for code, _name in project_settings.LANGUAGES] == ["sv", "en"]


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(PO_PATH))


def test_catalog_header_is_swedish(po):
    assert po.metadata["Language"] == "sv"
    assert po.metadata["Plural-Forms"].replace(" ", "") == "nplurals=2;plural=(n!=1);"
    assert not po.metadata_is_fuzzy


def test_every_entry_is_translated_and_none_is_fuzzy(po):
    untranslated = [label(e) for e in po.untranslated_entries()]
    fuzzy = [label(e) for e in po.fuzzy_entries()]
    incomplete_plurals = [
        label(e) for e in po if e.msgid_plural and not all(e.msgstr_plural.get(i) for i in (0, 1))
    ]
    assert not untranslated, "Translate in django.po, then compilemessages:\n" + "\n".join(
        untranslated
    )
    assert not fuzzy, "Check these and remove their fuzzy flag:\n" + "\n".join(fuzzy)
    assert not incomplete_plurals, "Give both plural forms:\n" + "\n".join(incomplete_plurals)
    assert po.obsolete_entries() == []


def _catalog_from_po(po):
    """The po file as GNUTranslations stores a .mo: 'context\\x04msgid' keys, plural indexes."""
    catalog = {}
    for entry in po.translated_entries():
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                catalog[(key, int(index))] = text
        else:
            catalog[key] = entry.msgstr
    return catalog


def test_compiled_catalog_matches_the_po_file(po):
    assert MO_PATH.exists(), "Run: .venv/bin/python manage.py compilemessages -l sv"
    with MO_PATH.open("rb") as mo_file:
        compiled = dict(gettext.GNUTranslations(mo_file)._catalog)
    compiled.pop("", None)  # the header
    expected = _catalog_from_po(po)
    stale = sorted(str(k) for k in expected.keys() ^ compiled.keys())
    changed = sorted(
        str(k) for k in expected.keys() & compiled.keys() if expected[k] != compiled[k]
    )
    assert (stale, changed) == ([], []), (
        "django.mo is out of date: run .venv/bin/python manage.py compilemessages -l sv"
    )


def _directives(text):
    return sorted(DIRECTIVE.findall(text))


def test_placeholders_survive_translation(po):
    wrong = []
    for entry in po.translated_entries():
        pairs = (
            [(entry.msgid, entry.msgstr_plural[0]), (entry.msgid_plural, entry.msgstr_plural[1])]
            if entry.msgid_plural
            else [(entry.msgid, entry.msgstr)]
        )
        for source, text in pairs:
            if "python-format" in entry.flags:
                # Swedish singular may drop the count a plural source spells out ("one day").
                same = _directives(source) == _directives(text) or (
                    entry.msgid_plural
                    and source is entry.msgid
                    and set(_directives(text)) <= set(_directives(entry.msgid_plural))
                )
            else:
                same = sorted(NAMED.findall(source)) == sorted(NAMED.findall(text))
            if not same:
                wrong.append(f"{label(entry)} -> {text!r}")
    assert not wrong, "Keep every placeholder of the source:\n" + "\n".join(wrong)


def test_status_names_follow_the_brochure():
    with translation.override("sv"):
        assert [str(s.label) for s in Status] == [
            "Nytt",
            "Eskalerat",
            "Mottaget",
            "Produktråd",
            "Kostnadsförslag",
            "Planerat",
            "För åtgärd",
            "Levererat",
            "Validering",
            "Väntar på kund",
            "Avslut",
        ]


@pytest.mark.django_db
def test_pages_are_swedish_by_default(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="sv">' in page
    assert "Logga in" in page
    assert "Glömt lösenord?" in page
    assert "Forgot your password?" not in page


@pytest.mark.django_db
def test_the_language_switch_turns_pages_english_and_back(client):
    login = reverse("accounts:login")
    response = client.post(reverse("set_language"), {"language": "en", "next": login})
    assert response.status_code == 302
    page = client.get(login).content.decode()
    assert '<html lang="en">' in page
    assert "Forgot your password?" in page
    assert "Glömt lösenord?" not in page

    client.post(reverse("set_language"), {"language": "sv", "next": login})
    assert "Glömt lösenord?" in client.get(login).content.decode()


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs the gettext tools")
def test_catalog_holds_every_string_marked_in_the_source(po, tmp_path, monkeypatch):
    """Extract a copy of the source afresh and compare with the committed .po.

    A copy, because makemessages writes into any locale folder it walks past.
    """
    source = tmp_path / "src"
    shutil.copytree(
        Path(settings.BASE_DIR) / "kundcenter",
        source / "kundcenter",
        ignore=shutil.ignore_patterns("locale", "static", "__pycache__", "migrations"),
    )
    monkeypatch.chdir(source)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["sv"], no_obsolete=True, verbosity=0)
    fresh = polib.pofile(str(tmp_path / "locale" / "sv" / "LC_MESSAGES" / "django.po"))
    committed = {(e.msgctxt, e.msgid, e.msgid_plural) for e in po}
    missing = sorted(
        label(e) for e in fresh if (e.msgctxt, e.msgid, e.msgid_plural) not in committed
    )
    assert not missing, (
        "New strings: run makemessages -l sv, translate them, then compilemessages -l sv:\n"
        + "\n".join(missing)
    )
