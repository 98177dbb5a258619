"""Two-factor sign-in on django-otp: an authenticator app (TOTP, RFC 6238), passkeys (WebAuthn, by
django-otp-webauthn) and single-use recovery codes. Who must give a second factor, setting one up,
giving it, and the centre's reset.

A session is "verified" once django_otp.login() has stored the device that accepted a code in it;
the middleware (accounts.middleware) lets no page through before that for whoever needs it.
"""

import base64
import time

import segno
from django.conf import settings
from django.db import transaction
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from labourplan.accounts.models import Role, User
from labourplan.audit import services as audit
from labourplan.audit.models import AuditEvent
from labourplan.lib.digits import to_arabic_digits
from labourplan.lib.errors import ServiceError
from labourplan.reference.models import Province

RECOVERY_CODES = 10
VERIFIED_AT = "two_factor_verified_at"  # session key: when the last second factor was given
PASSKEY_CODES = "two_factor_passkey_codes"  # session key: recovery codes made with a first passkey, shown once


class TwoFactorError(ServiceError):
    pass


def is_required(user) -> bool:
    """Must `user` give a second factor even if they have not set one up (then: set it up)?
    The centre's people always (in production); a person the centre named; the approvers of a
    province where the centre asked it of them (the province is the one the menu loads anyway)."""
    return (
        user.two_factor_required
        or (settings.TWO_FACTOR_REQUIRED and user.is_central)
        or (user.role == Role.PROVINCIAL_APPROVER and user.province.approvers_two_factor_required)
    )


def needs_second_factor(user) -> bool:
    return user.two_factor_enabled or is_required(user)


def _clean(code: str) -> str:
    """Codes as people type them: Thai digits, spaces or a dash in the middle."""
    return to_arabic_digits(code or "").replace(" ", "").replace("-", "").strip()


def base32_secret(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode()


def qr_code_svg(device: TOTPDevice) -> str:
    # segno writes the SVG itself from the device's otpauth:// URL: no user text goes into it.
    return mark_safe(segno.make(device.config_url).svg_inline(scale=4, title="QR"))  # noqa: S308  # nosec B308, B703


def pending_device(user: User) -> TOTPDevice:
    """The authenticator being set up (not yet confirmed by a code), made on first need."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones (each accepted once), shown once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("Recovery codes"), confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def mark_verified(request, device) -> None:
    otp_login(request, device)
    request.session[VERIFIED_AT] = int(time.time())


def has_recent_second_factor(request) -> bool:
    """True for someone without a second factor; otherwise, was it given within the last minutes?"""
    if not request.user.two_factor_enabled:
        return True
    at = request.session.get(VERIFIED_AT)
    return bool(at) and time.time() - at <= settings.TWO_FACTOR_RECENT_MINUTES * 60


@transaction.atomic
def confirm_authenticator(*, request, device: TOTPDevice, code: str) -> list[str]:
    """The first code from the app confirms it; returns the new recovery codes."""
    user = request.user
    if device.user_id != user.pk or device.confirmed:
        raise TwoFactorError(_("This authenticator is no longer being set up. Start again."))
    if not device.verify_token(_clean(code)):
        raise TwoFactorError(
            _("The code is not right. Type the 6 digits the app shows now (check the phone's clock)."),
            errors={"code": ""},
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()  # one authenticator app at a time
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = new_recovery_codes(user)
    user.two_factor_enabled = True
    user.save(update_fields=["two_factor_enabled"])
    mark_verified(request, device)
    audit.record(action=AuditEvent.Action.CHANGE, user=user, obj=user, request=request, two_factor="set_up")
    return codes


def verify(*, request, code: str) -> bool:
    """Check a code from the app or a recovery code (then used up) and verify the session."""
    user = request.user
    device = match_token(user, _clean(code))
    if device is None:
        audit.record(action=AuditEvent.Action.SIGN_IN_FAILED, user=user, request=request, reason="second_factor")
        return False
    mark_verified(request, device)
    audit.record(
        action=AuditEvent.Action.SIGN_IN,
        user=user,
        province=user.province,
        request=request,
        second_factor="recovery_code" if isinstance(device, StaticDevice) else "authenticator",
    )
    return True


def passkeys(user: User):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")


def authenticators(user: User):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk")


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def remove_device(*, request, device: TOTPDevice | WebAuthnCredential) -> None:
    """The owner removes their authenticator app or one passkey (the view has checked that the
    second factor was given recently). Someone who must have a second factor keeps at least one;
    for anyone else the last one switches two-factor sign-in off, and the recovery codes go with it,
    since a code that stands in for no device would be a second factor of its own."""
    user = request.user
    if device.user_id != user.pk:
        raise TwoFactorError(_("This is not one of your devices."))
    others = [d for d in [*authenticators(user), *passkeys(user)] if d.persistent_id != device.persistent_id]
    if not others and is_required(user):
        raise TwoFactorError(
            _(
                "This is your last second factor, and your account must have one: add another passkey or "
                "authenticator app first, then remove this one."
            )
        )
    kind = "passkey" if isinstance(device, WebAuthnCredential) else "authenticator"
    name = device.name
    removed = device.persistent_id
    device.delete()
    if not others:
        StaticDevice.objects.filter(user=user).delete()
        user.two_factor_enabled = False
        user.save(update_fields=["two_factor_enabled"])
    elif request.session.get(DEVICE_ID_SESSION_KEY) == removed:
        # The session was verified with the device now gone: the factor was given all the same, so
        # the session stays verified (on a remaining device) and its time is kept as it was.
        otp_login(request, others[0])
    audit.record(
        action=AuditEvent.Action.CHANGE,
        user=user,
        obj=user,
        request=request,
        two_factor=f"{kind}_removed",
        device=name[:100],
        two_factor_off=not others,
    )


@transaction.atomic
def passkey_added(*, request, device: WebAuthnCredential) -> None:
    """django-otp-webauthn has checked and saved a new passkey (and, for someone who had no second
    factor yet, verified the session with it). Two-factor sign-in is on from now; a first second
    factor comes with recovery codes, kept in the session until the next page shows them once."""
    user = request.user
    if not user.two_factor_enabled:
        user.two_factor_enabled = True
        user.save(update_fields=["two_factor_enabled"])
    if not StaticToken.objects.filter(device__user=user).exists():
        request.session[PASSKEY_CODES] = new_recovery_codes(user)
    if user.is_verified() and not request.session.get(VERIFIED_AT):
        request.session[VERIFIED_AT] = int(time.time())
    audit.record(action=AuditEvent.Action.CHANGE, user=user, obj=user, request=request, two_factor="passkey_added")


def passkey_verified(*, request, device: WebAuthnCredential) -> None:
    """A passkey of the signed-in person answered the challenge: the session is verified."""
    mark_verified(request, device)
    user = request.user
    audit.record(
        action=AuditEvent.Action.SIGN_IN, user=user, province=user.province, request=request, second_factor="passkey"
    )


@transaction.atomic
def reset_devices(*, user: User, by: User, reason: str, request=None) -> None:
    """The centre removes a person's authenticator, passkeys and recovery codes (a lost phone): they
    set them up again at their next sign-in. The reason is kept in the audit trail."""
    reason = (reason or "").strip()
    if not reason:
        raise TwoFactorError(_("Give the reason for the reset."), errors={"reason": ""})
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    WebAuthnCredential.objects.filter(user=user).delete()
    user.two_factor_enabled = False
    user.save(update_fields=["two_factor_enabled"])
    audit.record(
        action=AuditEvent.Action.CHANGE, user=by, obj=user, request=request, two_factor="reset", reason=reason[:500]
    )


@transaction.atomic
def set_required(*, users, required: bool, by: User, request=None) -> int:
    """The centre requires (or no longer requires) a second factor of these people."""
    changed = 0
    for user in users:
        if user.two_factor_required != required:
            user.two_factor_required = required
            user.save(update_fields=["two_factor_required"])
            audit.record(
                action=AuditEvent.Action.CHANGE,
                user=by,
                obj=user,
                request=request,
                two_factor="required" if required else "not_required",
            )
            changed += 1
    return changed


@transaction.atomic
def set_approvers_two_factor(*, provinces, required: bool, by: User, request=None) -> int:
    """The centre requires (or no longer requires) a second factor of these provinces' approvers:
    from their next page on, they set it up or give it before anything else. Returns how many
    provinces changed; each change is in the audit trail."""
    changed = 0
    for province in Province.objects.select_for_update().filter(pk__in=[p.pk for p in provinces]).order_by("pk"):
        if province.approvers_two_factor_required != required:
            province.approvers_two_factor_required = required
            province.save(update_fields=["approvers_two_factor_required"])
            audit.record(
                action=AuditEvent.Action.CHANGE,
                user=by,
                province=province,
                obj=province,
                request=request,
                two_factor="approvers_required" if required else "approvers_not_required",
            )
            changed += 1
    return changed


def give_demo_authenticator(user: User, secret_base32: str) -> TOTPDevice:
    """An authenticator with a published secret, for the demo's accounts only."""
    key = base64.b32decode(secret_base32).hex()
    device, _created = TOTPDevice.objects.update_or_create(
        user=user, name="demo", defaults={"key": key, "confirmed": True}
    )
    User.objects.filter(pk=user.pk).update(two_factor_enabled=True)
    return device
