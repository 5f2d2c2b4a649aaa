"""The person's own overview of their data: the records themselves, in the reader's
language, for the "My personal data" page (the JSON export has every column)."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kundcenter.privacy import log
from kundcenter.privacy.export import exported_fields
from kundcenter.privacy.subject import PersonalData, field_title, model_title
from kundcenter.tickets.templatetags.tickets import event_value
from kundcenter.tickets.workflows import Status

# Records shown per kind; the export holds them all.
RECORDS_SHOWN = 20
# Two-factor devices come from django-otp, whose column names are English and whose other
# columns (counters, clock drift) mean nothing to a reader: these, in our words.
DEVICE_FIELDS = {
    "name": gettext_lazy("Name"),
    "confirmed": gettext_lazy("Confirmed"),
    "created_at": gettext_lazy("Created"),
    "last_used_at": gettext_lazy("Last used"),
}


@dataclass
class Section:
    title: str
    how: str
    total: int
    records: list[list[tuple[str, str]]] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.total - len(self.records)


def _shown(value, model_field) -> str:
    if value is None or value == "":
        return "–"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if hasattr(value, "isoformat"):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or "–"
    return str(value)


def _named(model_field) -> bool:
    """Whether a column has a name of its own for people. One without (Django's default
    from the attribute, in English) is bookkeeping, like the status a waiting ticket
    resumes to: the export has it, the overview leaves it out."""
    return "verbose_name" in model_field.deconstruct()[3]


def _shown_field(row, model_field) -> str:
    value = getattr(row, model_field.name)
    label = row._meta.label_lower
    if label in ("tickets.ticket", "tickets.ticketevent") and value == Status.WAITING:
        # The person reads their own side of it, as on the ticket page.
        return _("Waiting for your answer")
    if label == "privacy.processinglogentry" and model_field.name == ("object_description"):
        return log.describe_object(value)
    if label == "tickets.ticketevent" and model_field.name in (
        "old_value",
        "new_value",
    ):
        # Stored as codes ("waiting"); read as the ticket's history reads them.
        return event_value(row, "old" if model_field.name == "old_value" else "new")
    return _shown(value, model_field)


def _how(place) -> str:
    if place.relation == "self":
        return _("Your account")
    if place.relation == "mentions":
        return _("Your e-mail address is mentioned in the text")
    if place.relation == "raw_mentions":
        return _("Your e-mail address is in the original message")
    if place.relation == "subject_key":
        return _("About your e-mail address, from before you had an account")
    model_field = place.model._meta.get_field(place.relation)
    if model_field.name == "user":
        return _("Linked to your account")
    return _("Linked to you as: %(role)s") % {"role": field_title(model_field)}


def sections(found: PersonalData) -> list[Section]:
    """Each kind of record that holds something about the person, with the first records."""
    user_model = get_user_model()
    result = []
    for place in found.places:
        fields = [
            f
            for f in exported_fields(place.model)
            if not f.primary_key
            and not (f.is_relation and f.related_model is user_model)
            and not f.is_relation
        ]
        labels = {f.name: field_title(f) for f in fields}
        if place.model._meta.app_label in ("otp_totp", "otp_static"):
            fields = [f for f in fields if f.name in DEVICE_FIELDS]
            labels = {name: str(label) for name, label in DEVICE_FIELDS.items()}
        else:
            fields = [f for f in fields if _named(f)]
        rows = list(place.queryset()[:RECORDS_SHOWN])
        if not rows:
            continue
        total = len(rows) if len(rows) < RECORDS_SHOWN else place.queryset().count()
        records = [[(labels[f.name], _shown_field(row, f)) for f in fields] for row in rows]
        result.append(
            Section(
                title=model_title(place.model),
                how=_how(place),
                total=total,
                records=records,
            )
        )
    return result
