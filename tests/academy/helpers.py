"""Small factories for academy tests."""

from datetime import timedelta

from django.utils import timezone

from kundcenter.academy.models import Course, ReleaseNote, Session
from kundcenter.accounts.models import Module


def make_course(module_slug="lon", title="Lön grundkurs", **extra):
    return Course.objects.create(module=Module.objects.get(slug=module_slug), title=title, **extra)


def make_session(course=None, *, seats=2, days_ahead=7, kind=Session.Kind.WEB, place=""):
    course = course or make_course()
    starts = timezone.now().replace(microsecond=0) + timedelta(days=days_ahead)
    return Session.objects.create(
        course=course,
        kind=kind,
        place=place,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        seats=seats,
    )


def make_release_note(module_slug="ekonomi", version="2026.22", **extra):
    extra.setdefault("title", f"Nytt i {version}")
    extra.setdefault("body", "## Nyheter\n\n* Snabbare **momsrapport**")
    return ReleaseNote.objects.create(
        module=Module.objects.get(slug=module_slug), version=version, **extra
    )
