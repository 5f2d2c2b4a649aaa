"""Finding every place a person appears: the one answer export and erasure build on.

A person is found by account (every foreign key to the user model, discovered from the
model registry so a new model that references users is included without a hand list)
and by e-mail address (free-text columns where addresses turn up, the original bytes of
inbound mail, and the processing log's keyed hash for people without an account). Every
search is a database query: nothing is read into Python to be searched there.
"""

import operator
from dataclasses import dataclass, field
from functools import reduce

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

from kundcenter.lib import lookups  # noqa: F401  (registers raw__bytes_icontains)
from kundcenter.lib.phone import normalize_phone
from kundcenter.privacy import log

# Free-text columns where a person's e-mail address may appear without a foreign key:
# ticket texts, replies, event reasons, mail headers, notes. Keyed by model label.
MENTION_FIELDS = {
    "tickets.ticket": ["title", "description"],
    "tickets.message": ["body"],
    "tickets.ticketevent": ["old_value", "new_value", "reason"],
    "tickets.timeentry": ["note"],
    "tickets.costproposal": ["description"],
    "mail.inboundmessage": ["sender_email", "sender_name", "subject", "reason"],
    "mail.refusalnotice": ["sender_email"],
    "outbox.outboxitem": ["recipient", "summary"],
    "accounts.joinrequest": ["message"],
    "accounts.customerevent": ["detail", "actor_label"],
    "accounts.supportaccessgrant": ["note"],
    "catalog.feedback": ["message", "page"],
    "academy.materialrequest": ["subject", "description"],
    "knowledge.suggestionlog": ["query"],
    "privacy.datasubjectrequest": ["email", "note"],
    "privacy.legalhold": ["reason"],
}

# Models of other packages whose names are not in our language, and our own whose names
# say little to the person reading them.
MODEL_TITLES = {
    "otp_totp.totpdevice": gettext_lazy("authenticator apps"),
    "otp_static.staticdevice": gettext_lazy("backup codes"),
    "knowledge.suggestionlog": gettext_lazy("searches for suggested articles"),
}


def model_title(model) -> str:
    """The plural name of `model` for people: our own wording where its own is poor."""
    return str(MODEL_TITLES.get(model._meta.label_lower, model._meta.verbose_name_plural))


def field_title(f) -> str:
    """A field's name for people; a foreign key left with Django's default name ("user")
    gets ours, which is translated."""
    if str(f.verbose_name) == f.name.replace("_", " ") and f.name == "user":
        return str(gettext_lazy("account"))
    return str(f.verbose_name)


# Columns holding a phone number as digits only (kundcenter.lib.phone.normalize_phone),
# matched against the phone on the person's account. Erasure empties them.
PHONE_FIELDS = {
    "tickets.phonecall": ["caller_number"],
}
# Fewer digits than this say nothing about who a person is (and would match too much).
MIN_PHONE_DIGITS = 5


@dataclass
class Place:
    """One kind of row where the person appears, with the query that finds them."""

    key: str  # "tickets.message.author" or "tickets.message.mentions"
    model: type[models.Model]
    lookup: Q
    relation: str  # the field name, or "mentions" for an e-mail address in text
    title: str = ""

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def queryset(self):
        return self.model._base_manager.filter(self.lookup).order_by("pk")


@dataclass
class PersonalData:
    """Everything found about one person: the account (if any) and the places."""

    user: object | None
    emails: list[str]
    places: list[Place] = field(default_factory=list)

    def counts(self) -> list[tuple[Place, int]]:
        """Each place with how many rows it holds; places with none are left out."""
        result = []
        for place in self.places:
            count = place.queryset().count()
            if count:
                result.append((place, count))
        return result


def user_references() -> list[tuple[type[models.Model], models.Field]]:
    """Every (model, field) that points at the user model: FK, one-to-one or many-to-many.

    Read from the model registry on each call, so a model added later is found too.
    """
    user_model = get_user_model()
    refs = []
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if not (f.concrete or f.many_to_many) or f.auto_created:
                continue
            if not f.is_relation or f.related_model is not user_model:
                continue
            if f.many_to_many and model is not user_model or f.many_to_one or f.one_to_one:
                refs.append((model, f))
    return refs


def personal_data(user=None, email=None) -> PersonalData:
    """Find every place `user` (an account) or `email` (an address) appears.

    Both may be given: the account's own address is searched for mentions as well.
    """
    if user is None and not email:
        raise ValueError("give a user or an e-mail address")
    emails = []
    for address in (getattr(user, "email", None), email):
        address = (address or "").strip().lower()
        if address and address not in emails:
            emails.append(address)
    found = PersonalData(user=user, emails=emails)
    user_model = get_user_model()
    if user is None and emails:
        # An address that belongs to an account is that account.
        user = user_model._base_manager.filter(email__in=emails).first()
        found.user = user
    if user is not None:
        found.places.append(
            Place(
                key=f"{user_model._meta.label_lower}.self",
                model=user_model,
                lookup=Q(pk=user.pk),
                relation="self",
                title=str(user_model._meta.verbose_name),
            )
        )
        for model, f in user_references():
            found.places.append(
                Place(
                    key=f"{model._meta.label_lower}.{f.name}",
                    model=model,
                    lookup=Q(**{f.name: user}),
                    relation=f.name,
                    title=f"{model_title(model)} ({field_title(f)})",
                )
            )
    phone = normalize_phone(getattr(user, "phone", "") or "") if user is not None else ""
    if len(phone) >= MIN_PHONE_DIGITS:
        for label, field_names in PHONE_FIELDS.items():
            model = apps.get_model(label)
            for name in field_names:
                column = model._meta.get_field(name).verbose_name
                found.places.append(
                    Place(
                        key=f"{label}.{name}",
                        model=model,
                        lookup=Q(**{name: phone}),
                        relation=name,
                        title=f"{model_title(model)} ({column})",
                    )
                )
    for label, field_names in MENTION_FIELDS.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        lookup = Q()
        for name in field_names:
            for address in emails:
                lookup |= Q(**{f"{name}__icontains": address})
        if lookup:
            found.places.append(
                Place(
                    key=f"{label}.mentions",
                    model=model,
                    lookup=lookup,
                    relation="mentions",
                    title=f"{model_title(model)} ({_mentions_title()})",
                )
            )
    if emails:
        mail_model = apps.get_model("mail", "InboundMessage")
        found.places.append(
            Place(
                key="mail.inboundmessage.raw_mentions",
                model=mail_model,
                lookup=raw_mail_mentioning(emails),
                relation="raw_mentions",
                title=f"{mail_model._meta.verbose_name_plural} ({_raw_title()})",
            )
        )
        # Entries about the address from when it had no account (the log keeps no
        # addresses; entries about the account are found through its foreign key).
        log_model = apps.get_model("privacy", "ProcessingLogEntry")
        keys = [key for address in emails for key in log.address_keys(address)]
        found.places.append(
            Place(
                key="privacy.processinglogentry.subject_key",
                model=log_model,
                lookup=Q(subject__isnull=True, subject_key__in=keys),
                relation="subject_key",
                title=f"{log_model._meta.verbose_name_plural} ({_address_key_title()})",
            )
        )
    return found


def raw_mail_mentioning(needles) -> Q:
    """Inbound e-mail whose original bytes contain any of `needles` (ASCII in any case).

    The database does the searching (kundcenter.lib.lookups.BytesIContains): mail that
    does not mention them is never read.
    """
    matches = [Q(raw__bytes_icontains=needle) for needle in needles if needle]
    return reduce(operator.or_, matches) if matches else Q(pk__in=[])


def _raw_title():
    from django.utils.translation import gettext

    return gettext("the original message mentions the e-mail address")


def _address_key_title():
    from django.utils.translation import gettext

    return gettext("about the e-mail address, without an account")


def _mentions_title():
    from django.utils.translation import gettext

    return gettext("mentions the e-mail address")
