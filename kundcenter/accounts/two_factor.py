"""Two-factor authentication: a TOTP app as the second factor, with one-time backup codes.

Staff (anyone with a staff role or access to the admin site) must use it: their first
login sets it up before anything else. Customers may switch it on and off on their
profile. Whoever has a confirmed app must give a code after the password; until then the
session reaches only the verification page (`TwoFactorMiddleware`).

The devices are django-otp's: `TOTPDevice` (the app; `last_t` refuses a code a second
time) and `StaticDevice` with `StaticToken`s (the backup codes; each is deleted when used).
Wrong codes are throttled by django-otp: after n wrong codes in a row the next try waits
2^(n-1) seconds.
"""

import math
import re
from base64 import b32encode
from dataclasses import dataclass

import segno
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kundcenter.accounts.registration import render_account_mail
from kundcenter.accounts.rules import is_staff_role, support_phone_for
from kundcenter.lib.errors import ActionError
from kundcenter.outbox.events import record_mail

# What a session still owes before it may see anything else.
VERIFY = "verify"
SET_UP = "set-up"

APP_DEVICE_NAME = "Authenticator app"
# The app load_demo gives each demo staff login; only its codes are ever shown
# (`manage.py demo_totp_code`, and on the code page while DEBUG is on).
DEMO_DEVICE_NAME = "demo"
BACKUP_DEVICE_NAME = "Backup codes"
BACKUP_CODE_COUNT = 10

_TOTP_CODE = re.compile(r"^\d{6}$")


def is_required(user) -> bool:
    """Must `user` use two-factor authentication? Every member of staff, and anyone who
    may use the admin site, must; customers choose."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return is_staff_role(user) or user.is_staff or user.is_superuser


def app_device(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def is_enabled(user) -> bool:
    """Has `user` set up an authenticator app (so every login asks for a code)?"""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_step(user) -> str | None:
    """What the logged-in `user` must do before anything else: VERIFY (give a code),
    SET_UP (staff without an app) or None. `user` is request.user after OTPMiddleware."""
    if not getattr(user, "is_authenticated", False):
        return None
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return None
    # Remembered in the session by CachedOTPMiddleware; asked of the database otherwise.
    has_app = getattr(user, "has_two_factor_app", None)
    if has_app if has_app is not None else is_enabled(user):
        return VERIFY
    if is_required(user):
        return SET_UP
    return None


# --- setting up --------------------------------------------------------------------------


def start_set_up(user) -> TOTPDevice:
    """The unconfirmed app device being set up for `user` (made on the first visit, so the
    secret stays the same while the person fetches a phone). Refused once an app is set up.
    """
    if is_enabled(user):
        raise ActionError(_("Two-factor authentication is already on."))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret key in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice, title: str) -> str:
    """The otpauth:// address of `device` as an inline <svg> QR code (no script, no data
    URL: CSP allows it as it is)."""
    qr = segno.make(device.config_url, error="m")
    return qr.svg_inline(scale=4, border=4, dark="#000", light="#fff", title=title, svgclass="qr")


def confirm_set_up(user, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the app with its first code; returns the new backup codes (shown once).

    Refused (ActionError) for a wrong code or while wrong codes are throttled.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        if device.confirmed:
            raise ActionError(_("Two-factor authentication is already on."))
        # Raised after the transaction, which keeps the count of wrong codes.
        refusal = _app_code_refusal(device, _normalise(code))
        if refusal is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            # Abandoned earlier attempts at setting up.
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            codes = make_backup_codes(user)
    if refusal:
        raise ActionError(refusal)
    tell_owner(user, TURNED_ON)
    return codes


def make_backup_codes(user) -> list[str]:
    """Replace the user's backup codes with BACKUP_CODE_COUNT new ones; returns them.

    Needs a confirmed app: backup codes stand in for it, not for nothing.
    """
    if not is_enabled(user):
        raise ActionError(_("Turn on two-factor authentication first."))
    with transaction.atomic():
        # The device is kept (only its codes change): a session verified by a backup code
        # stays verified.
        device = StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
        if device is None:
            device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- verifying ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Verified:
    """The device that accepted a code; `backup_code` when it was a (now used) backup code."""

    device: object
    backup_code: bool


def _normalise(code: str) -> str:
    """Codes as people type them: spaces and dashes dropped, letters in lower case."""
    return re.sub(r"[\s-]", "", code or "").lower()


def _wait_message(locked_until) -> str:
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    return ngettext(
        "Too many wrong codes in a row. Wait %(seconds)s second and try again.",
        "Too many wrong codes in a row. Wait %(seconds)s seconds and try again.",
        seconds,
    ) % {"seconds": seconds}


def _throttled(device) -> str | None:
    """The wait message while `device` refuses tries after wrong codes, else None."""
    allowed, details = device.verify_is_allowed()
    if allowed:
        return None
    return _wait_message((details or {}).get("locked_until") or timezone.now())


def _already_used(device: TOTPDevice, code: str) -> bool:
    """Was `code` right, only not newer than the last accepted one (a reused code)?"""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return totp.verify(int(code), device.tolerance) and totp.t() <= device.last_t


def _app_code_refusal(device: TOTPDevice, code: str) -> str | None:
    """Check a code of the app `device` (locked by the caller): None if it is right, else
    why not. A wrong code counts towards throttling (saved at once)."""
    waiting = _throttled(device)
    if waiting:
        return waiting
    if not _TOTP_CODE.match(code):
        device.throttle_increment()
        return _("Enter the six-digit code that your app shows.")
    if device.verify_token(code):
        return None
    if _already_used(device, code):
        return _("That code has already been used. Wait for the next code in your app.")
    return _("That code is not right. Check the time on your phone and try again.")


def verify_code(user, code: str) -> Verified:
    """Check a code from the app, or a backup code (used up by this), for `user`.

    A six-digit code goes to the app, anything else is taken as a backup code. Refused
    (ActionError) for a wrong or reused code, and while the user's devices are throttled.
    """
    code = _normalise(code)
    if not code:
        raise ActionError(_("Enter the code from your app or a backup code."))
    # The refusal is raised after the transaction, which keeps the count of wrong codes.
    with transaction.atomic():
        app = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        backup = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if app is None:
            raise ActionError(_("Two-factor authentication is not on for your account."))
        # Either device waiting stops both, so switching between them gains no tries.
        refusal = _throttled(app) or (backup and _throttled(backup))
        verified = None
        if refusal:
            pass
        elif _TOTP_CODE.match(code):
            refusal = _app_code_refusal(app, code)
            verified = Verified(device=app, backup_code=False)
        elif backup is not None and backup.verify_token(code):
            verified = Verified(device=backup, backup_code=True)
        else:
            if backup is None:  # no backup codes: the wrong code counts on the app
                app.throttle_increment()
            refusal = _("That code is not right. Check the time on your phone and try again.")
    if refusal:
        raise ActionError(refusal)
    return verified


# --- switching off and resetting ---------------------------------------------------------


def turn_off(user, code: str) -> None:
    """A customer switches two-factor authentication off, proving it with a current code.

    Refused for staff, who must keep it.
    """
    if is_required(user):
        raise ActionError(
            _("Two-factor authentication is required for staff and cannot be turned off.")
        )
    verify_code(user, code)
    reset(user, tell=TURNED_OFF)


def reset(user, *, tell: str = "") -> int:
    """Remove all of `user`'s devices (an administrator's reset after a lost phone); their
    next login sets up an app again if they must have one. Returns how many were removed.

    With `tell` (TURNED_OFF or RESET) the person is mailed about it; erasure tells nobody.
    """
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        _total, per_model = model.objects.filter(user=user).delete()
        removed += per_model.get(model._meta.label, 0)
    if tell and removed:
        tell_owner(user, tell)
    return removed


# --- telling the owner -------------------------------------------------------------------

TURNED_ON = "on"
TURNED_OFF = "off"
RESET = "reset"


def tell_owner(user, change: str) -> None:
    """Mail the person that two-factor authentication changed on their account, so a change
    they did not make (someone with their password setting up an app of their own, or
    turning it off) does not go unnoticed. Recorded with the change, sent after it commits."""
    if not user.email or not user.is_active:
        return
    context = {
        "full_name": user.get_full_name() or user.email,
        "change": change,
        "when": timezone.localtime(),
        "vendor_name": settings.VENDOR_NAME,
        "vendor_support_email": settings.VENDOR_SUPPORT_EMAIL,
        "vendor_support_phone": support_phone_for(user),
        "reset_url": settings.SITE_URL + reverse("accounts:password_reset"),
    }
    payload = render_account_mail(user.email, user.language, "two_factor_changed", context)
    record_mail(payload)


# --- the demo -------------------------------------------------------------------------------


def demo_code(user) -> str | None:
    """The code a demo login's app would show now, or None for anyone else.

    Only for a user whose one confirmed app is the demo device load_demo made: a real
    person's codes never come out of the application.
    """
    devices = list(TOTPDevice.objects.filter(user=user, confirmed=True)[:2])
    if len(devices) != 1 or devices[0].name != DEMO_DEVICE_NAME:
        return None
    device = devices[0]
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if generator.t() <= device.last_t:
        # This code was used already (a second login within half a minute); the app's
        # next code is accepted too.
        generator.drift += device.last_t + 1 - generator.t()
    return f"{generator.token():0{device.digits}d}"
