import hashlib
import secrets

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labourplan.accounts.models import ApiToken, User
from labourplan.audit import services as audit
from labourplan.audit.models import AuditEvent
from labourplan.lib.errors import ServiceError
from labourplan.reference.models import Province


@transaction.atomic
def create_user(
    *,
    username: str,
    password: str | None,
    role: str,
    province: Province | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    position: str = "",
) -> User:
    user = User(
        username=username,
        role=role,
        province=province,
        first_name=first_name,
        last_name=last_name,
        email=email,
        position=position,
    )
    user.full_clean(exclude=["password"])
    if password is None:
        user.set_unusable_password()  # signs in with Google only, or after a password reset
    else:
        validate_password(password, user)
        user.set_password(password)
    user.save()
    return user


class AccountError(ServiceError):
    pass


TOKEN_PREFIX = "lp_"  # noqa: S105 (a marker that makes a leaked key recognisable, not a secret)  # nosec B105
MAX_ACTIVE_TOKENS = 10


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_api_token(*, user: User, name: str, request=None) -> tuple[ApiToken, str]:
    """A new personal API token of `user`; returns it with its key, which is never shown again."""
    name = name.strip()
    if not name:
        raise AccountError(_("Give the token a name, so you know later where it is used."), errors={"name": ""})
    # The count reads the user's other tokens: the user row's lock keeps two at once from both passing.
    User.objects.select_for_update().values_list("pk", flat=True).get(pk=user.pk)
    if user.api_tokens.active().count() >= MAX_ACTIVE_TOKENS:
        raise AccountError(_("You have %(count)s active tokens: revoke one first.") % {"count": MAX_ACTIVE_TOKENS})
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=key[:10], key_hash=hash_token(key))
    audit.record(action=AuditEvent.Action.CREATE, user=user, obj=token, request=request)
    return token, key


@transaction.atomic
def revoke_api_token(*, token: ApiToken, by: User, request=None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(action=AuditEvent.Action.DELETE, user=by, obj=token, request=request)
    return token


def unlock_sign_in(*, user: User, by: User, request=None) -> int:
    """Lift a lockout after repeated failed sign-ins (django-axes) before it expires by itself."""
    from axes.utils import reset

    removed = reset(username=user.get_username())
    audit.record(action=AuditEvent.Action.CHANGE, user=by, obj=user, request=request, unlocked_sign_in=True)
    return removed
