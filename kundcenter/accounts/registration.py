"""Registering with a confirmed e-mail address, and forgotten passwords, without telling
anyone whether an address has an account (issue 7: same answer, same timing class).

The request does the same work for every address: it checks the form, hashes the
password and records one outbox row (kundcenter.outbox) with the address. It never looks
the address up, and it never waits for the broker: the row is delivered after commit,
by a worker or in-process, or by the periodic job if the broker is down. Delivering it
(`register`, subscribed in AccountsConfig.ready) decides what the address's owner is
told, and always records exactly one e-mail for a registration:

- a new address: an inactive account, `awaiting_confirmation`, and a confirmation link;
- an address still awaiting confirmation: the latest registration wins (name, password,
  language and registration time are replaced, and earlier links stop working), since
  nobody has proven the address yet; a new link is mailed;
- an address with an account: a mail saying so, with links to log in and to choose a new
  password. The account is not changed.

A password reset likewise records one row with the address; its delivery mails a link to
an active account and sends nothing otherwise.

The confirmation link is signed (django.core.signing, salted for this use only) and holds
the account id, a fingerprint of the password hash and when it was made: it works for
REGISTRATION_CONFIRMATION_DAYS and only for the latest registration. The periodic job
`delete_unconfirmed_accounts` deletes accounts whose link has expired unused.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from kundcenter.accounts.models import User
from kundcenter.lib import ratelimit
from kundcenter.lib.errors import ActionError
from kundcenter.outbox.events import record, record_mail

LINK_SALT = "kundcenter.accounts.registration.confirm"
MAIL_CAP_SALT = "kundcenter.accounts.registration.mail-cap"

# Outbox topics: delivered by this module's own subscribers (AccountsConfig.ready).
REGISTRATION_REQUESTED = "registration_requested"
PASSWORD_RESET_REQUESTED = "password_reset_requested"

# What the registration task did; for logs and tests, never shown to the visitor.
CREATED = "created"  # a new account awaiting confirmation
RENEWED = "renewed"  # an unconfirmed account taken over by the latest registration
TAKEN = "taken"  # the address has an account: its owner is told, nothing changes
LIMITED = "limited"  # too many mails to the address today: nothing done, nothing sent

MAIL_CAP_WINDOW_SECONDS = 24 * 60 * 60


def mail_allowed(email: str) -> bool:
    """Whether one more registration or password mail may go to `email` today.

    Counted per address (by a keyed hash, in the shared cache) in the task, not the
    request, so someone cannot fill a person's inbox from many IP addresses, and the
    request's answer and work stay the same either way.
    """
    if not settings.RATELIMIT_ENABLED:
        return True
    digest = salted_hmac(MAIL_CAP_SALT, _normalize_email(email), algorithm="sha256")
    so_far = ratelimit.count(f"account-mail:{digest.hexdigest()[:32]}", MAIL_CAP_WINDOW_SECONDS)
    return so_far is None or so_far <= settings.ACCOUNT_MAILS_PER_ADDRESS_PER_DAY


class AlreadyConfirmed(ActionError):
    """The link's account is active already (the link was followed before)."""


class LinkNotValid(ActionError):
    """The link has expired, was altered, or a later registration or staff replaced it."""


def link_validity() -> timedelta:
    return timedelta(days=settings.REGISTRATION_CONFIRMATION_DAYS)


def _normalize_email(email: str) -> str:
    return User.objects.normalize_email((email or "").strip()).lower()


def _language(language: str) -> str:
    languages = {code for code, _name in settings.LANGUAGES}
    return language if language in languages else settings.LANGUAGE_CODE


# --- in the request: the same work for every address --------------------------------------


def request_registration(*, email: str, full_name: str, password: str, language: str = "") -> str:
    """Check a registration, hash its password and record it for `register`.

    Returns the address as it will be used. Refuses (ActionError) only for reasons that do
    not depend on the address being known: a missing name or address, a weak password.
    Known or not, the work is the same: one password hash (Argon2) and one outbox row;
    the address is not looked up here.
    """
    email = _normalize_email(email)
    full_name = (full_name or "").strip()
    if not email or not full_name:
        raise ActionError(_("Give your name and e-mail address."))
    try:
        validate_password(password, User(email=email, full_name=full_name))
    except ValidationError as exc:
        raise ActionError(" ".join(exc.messages)) from exc
    with transaction.atomic():
        record(
            REGISTRATION_REQUESTED,
            {
                "email": email,
                "full_name": full_name[:150],
                # Hashed here: the plain password never leaves the request.
                "password_hash": make_password(password),
                "language": _language(language),
            },
            recipient=email,
        )
    return email


def request_password_reset(email: str) -> None:
    """Record a reset for `mail_password_reset`, whatever the address."""
    with transaction.atomic():
        record(PASSWORD_RESET_REQUESTED, {"email": email}, recipient=str(email))


# --- in the task: what the owner of the address is told -------------------------------------


def register(*, email: str, full_name: str, password_hash: str, language: str, now=None) -> str:
    """Act on a registration queued by `request_registration` (see the module docstring).

    Records exactly one e-mail to `email` in the same transaction as the change, and returns
    CREATED, RENEWED or TAKEN.
    """
    now = now or timezone.now()
    email = _normalize_email(email)
    language = _language(language)
    if not mail_allowed(email):
        return LIMITED
    try:
        return _register_once(email, full_name, password_hash, language, now)
    except IntegrityError:
        # Two registrations of a new address at once, and the other one created it:
        # once more, now as an unconfirmed account.
        return _register_once(email, full_name, password_hash, language, now)


def _register_once(email, full_name, password_hash, language, now) -> str:
    with transaction.atomic():
        outcome, user = _record_registration(email, full_name, password_hash, language, now)
        if outcome == TAKEN:
            payload = _taken_mail(user)
        else:
            payload = _confirmation_mail(user, now)
        record_mail(payload)
    return outcome


def _record_registration(email, full_name, password_hash, language, now):
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is None:
        user = User(
            email=email,
            full_name=full_name,
            language=language,
            password=password_hash,
            is_active=False,
            awaiting_confirmation=True,
            date_joined=now,
        )
        user.save(force_insert=True)
        return CREATED, user
    if user.awaiting_confirmation and not user.is_active:
        # Nobody has proven the address yet, so the latest registration wins; the new
        # password hash also makes every earlier link invalid (see _fingerprint).
        user.full_name = full_name
        user.password = password_hash
        user.language = language
        user.date_joined = now
        user.save(update_fields=["full_name", "password", "language", "date_joined"])
        return RENEWED, user
    return TAKEN, user


def mail_password_reset(email: str) -> int:
    """Mail a link to choose a new password to the active account with `email`, if any.

    Django's rules decide who gets one (an active account with a usable password); the
    mail is in the account's language. Returns how many links were mailed (0 or 1).
    """
    sent = 0
    site = urlsplit(settings.SITE_URL)
    if not mail_allowed(email):
        return 0
    for user in DjangoPasswordResetForm().get_users(email):
        context = {
            "email": user.email,
            "user": user,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
            "domain": site.netloc,
            "protocol": site.scheme,
            "site_name": settings.VENDOR_NAME,
            "site_url": settings.SITE_URL,
            "vendor_name": settings.VENDOR_NAME,
        }
        record_mail(render_account_mail(user.email, user.language, "password_reset", context))
        sent += 1
    return sent


# --- the confirmation link -------------------------------------------------------------------


def _fingerprint(user: User, secret=None) -> str:
    # Changes with every new password hash, so a later registration (or a changed
    # password) retires the earlier links. The hash itself never leaves the database.
    return salted_hmac(LINK_SALT, user.password, secret=secret, algorithm="sha256").hexdigest()[:32]


def _fingerprint_matches(fingerprint: str, user: User) -> bool:
    """Checked with SECRET_KEY and SECRET_KEY_FALLBACKS, like the link's signature, so a
    key rotation does not break links already mailed."""
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return any(constant_time_compare(fingerprint, _fingerprint(user, secret)) for secret in secrets)


def confirmation_token(user: User, *, now=None) -> str:
    """The signed token in the confirmation link for `user`'s latest registration."""
    made = int((now or timezone.now()).timestamp())
    return signing.Signer(salt=LINK_SALT).sign_object(
        {"u": user.pk, "p": _fingerprint(user), "t": made}
    )


def confirmation_url(user: User, *, now=None) -> str:
    token = confirmation_token(user, now=now)
    return settings.SITE_URL + reverse("accounts:confirm_registration", args=[token])


def _link_not_valid() -> LinkNotValid:
    return LinkNotValid(
        _(
            "This confirmation link has expired or is no longer valid. A link works for a "
            "limited time, and if you registered more than once only the link in the "
            "latest e-mail works."
        )
    )


def _already_confirmed() -> AlreadyConfirmed:
    return AlreadyConfirmed(
        _("Your account is already active. Log in with your e-mail address and password.")
    )


class WrongPassword(ActionError):
    """The password typed to finish registering is not the one registered with."""


def check_confirmation_link(token: str, *, now=None) -> User:
    """The unconfirmed account a confirmation link was mailed for; changes nothing.

    Raises AlreadyConfirmed when the account is active already and LinkNotValid for a
    link that has expired, was altered, belongs to an earlier registration or to an
    account that was closed or deleted meanwhile.
    """
    now = now or timezone.now()
    try:
        claims = signing.Signer(salt=LINK_SALT).unsign_object(token)
        user_id, fingerprint, made = int(claims["u"]), str(claims["p"]), int(claims["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise _link_not_valid() from exc
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise _link_not_valid()
    if user.is_active:
        raise _already_confirmed()
    expired = now.timestamp() - made > link_validity().total_seconds()
    if expired or not user.awaiting_confirmation or not _fingerprint_matches(fingerprint, user):
        raise _link_not_valid()
    return user


def confirm_registration(token: str, password: str, *, now=None) -> User:
    """Open the account of a confirmation link when `password` is the one registered
    with; the caller logs the person in.

    Asking for the password closes two holes a bare link leaves open: a mail scanner that
    follows links cannot open the account, and someone who registered another person's
    address with a password of their own cannot have that person open the account for
    them (the owner does not know that password; registering again replaces it).
    Raises what check_confirmation_link raises, and WrongPassword.
    """
    user = check_confirmation_link(token, now=now)
    if not user.check_password(password or ""):
        raise WrongPassword(
            _(
                "That is not the password you chose when you registered. If you did not "
                "register, or do not remember the password, register again: only the "
                "newest registration counts."
            )
        )
    # Conditional: of two confirmations at once, or one racing a new registration, only
    # one opens the account, and only as it was when the link was checked.
    opened = User.objects.filter(
        pk=user.pk, is_active=False, awaiting_confirmation=True, password=user.password
    ).update(is_active=True, awaiting_confirmation=False)
    if not opened:
        if User.objects.filter(pk=user.pk, is_active=True).exists():
            raise _already_confirmed()
        raise _link_not_valid()
    user.refresh_from_db()
    return user


# --- the periodic clean-up ------------------------------------------------------------------


def delete_unconfirmed_accounts(now=None) -> int:
    """Delete the accounts whose confirmation link expired without being followed.

    Only accounts still awaiting confirmation (never those staff closed), registered
    longer ago than a link works, and that no other row refers to: an unconfirmed person
    cannot log in, so nothing should, but data is never deleted on that assumption.
    Returns how many accounts were deleted.
    """
    cutoff = (now or timezone.now()) - link_validity()
    expired = User.objects.filter(
        awaiting_confirmation=True, is_active=False, date_joined__lt=cutoff
    )
    candidates = expired
    for relation in User._meta.related_objects:
        referring = relation.related_model._base_manager.filter(
            **{f"{relation.field.name}__isnull": False}
        ).values(relation.field.name)
        candidates = candidates.exclude(pk__in=referring)
    ids = list(candidates.values_list("pk", flat=True)[:1000])
    if not ids:
        return 0
    # The conditions again: an account confirmed a moment ago stays.
    _total, per_model = expired.filter(pk__in=ids).delete()
    return per_model.get(User._meta.label, 0)


# --- e-mails ---------------------------------------------------------------------------------


def render_account_mail(address: str, language: str, template: str, context: dict) -> dict:
    """One plain-text mail as an outbox `email` payload, rendered in `language`."""
    with translation.override(_language(language)):
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
        body = render_to_string(f"accounts/email/{template}_email.txt", context)
    return {
        "subject": " ".join(subject.split()),
        "body": body,
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "to": [address],
    }


def _confirmation_mail(user: User, now) -> dict:
    context = {
        "full_name": user.full_name,
        "confirm_url": confirmation_url(user, now=now),
        "days": settings.REGISTRATION_CONFIRMATION_DAYS,
        "vendor_name": settings.VENDOR_NAME,
    }
    return render_account_mail(user.email, user.language, "registration_confirm", context)


def _taken_mail(user: User) -> dict:
    context = {
        "full_name": user.full_name,
        "closed": not user.is_active,
        "login_url": settings.SITE_URL + reverse("accounts:login"),
        "reset_url": settings.SITE_URL + reverse("accounts:password_reset"),
        "vendor_name": settings.VENDOR_NAME,
        "vendor_support_email": settings.VENDOR_SUPPORT_EMAIL,
    }
    return render_account_mail(user.email, user.language, "registration_taken", context)
