from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from labourplan.reference.models import Province


class Role(models.TextChoices):
    CENTRAL_ADMIN = "central_admin", _("Central administrator")
    CENTRAL_VIEWER = "central_viewer", _("Central viewer")
    PROVINCIAL_EDITOR = "provincial_editor", _("Provincial editor")
    PROVINCIAL_APPROVER = "provincial_approver", _("Provincial approver")


CENTRAL_ROLES = (Role.CENTRAL_ADMIN, Role.CENTRAL_VIEWER)
PROVINCIAL_ROLES = (Role.PROVINCIAL_EDITOR, Role.PROVINCIAL_APPROVER)


class User(AbstractUser):
    """A person of the centre (ศปคร., executives) or of exactly one Provincial Labour Office."""

    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.CENTRAL_VIEWER)
    province = models.ForeignKey(
        "reference.Province",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("province"),
        help_text=_("Required for provincial roles; empty for the centre."),
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    # Kept by the notifications app (notify, mark read): the menu shows it from the row that
    # signing in loads anyway, so no page asks the database once more for it.
    unread_notifications = models.PositiveIntegerField(_("unread notifications"), default=0, editable=False)
    # Kept by accounts.two_factor when a device is confirmed or reset: the middleware asks the
    # user row it has anyway whether this session still owes a second factor.
    two_factor_enabled = models.BooleanField(_("two-factor sign-in set up"), default=False, editable=False)
    two_factor_required = models.BooleanField(
        _("two-factor sign-in required"),
        default=False,
        help_text=_("Set by the centre, e.g. for a province's approvers. Central roles always need it."),
    )

    objects = UserManager()
    # Who changed a person's role, province or name, and when; never the password hash.
    history = HistoricalRecords(excluded_fields=["password", "last_login", "unread_notifications"])

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role__in=CENTRAL_ROLES) & Q(province__isnull=True))
                | (Q(role__in=PROVINCIAL_ROLES) & Q(province__isnull=False)),
                name="user_province_matches_role",
                violation_error_message=_("Provincial users need a province; central users have none."),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def is_central(self) -> bool:
        return self.role in CENTRAL_ROLES

    @property
    def is_central_admin(self) -> bool:
        return self.role == Role.CENTRAL_ADMIN

    @property
    def is_provincial(self) -> bool:
        return self.role in PROVINCIAL_ROLES


class ProvinceTwoFactor(Province):
    """The provinces as the settings area shows them for one question: must their approvers give
    a second factor? (Its own page, so that every change goes through accounts.two_factor.)"""

    class Meta:
        proxy = True
        verbose_name = _("two-factor sign-in of a province's approvers")
        verbose_name_plural = _("two-factor sign-in of provinces' approvers")


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal token for the REST API (`Authorization: Token <key>`), named by its owner.

    Only a SHA-256 hash of the key is stored: the key is shown once, when created. Keys carry 256
    random bits, so a plain hash is enough (no salt or slow hash is needed against guessing)."""

    user = models.ForeignKey(User, models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("token name"), max_length=100)
    prefix = models.CharField(_("beginning of the key"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class UserSession(models.Model):
    """A signed-in session of a person, for their list of sessions (accounts.sessions)."""

    user = models.ForeignKey(User, models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, unique=True)
    signed_in_at = models.DateTimeField(_("signed in at"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last used at"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        ordering = ["-last_seen_at", "-id"]
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")

    def __str__(self):
        return f"{self.user} {self.signed_in_at:%Y-%m-%d %H:%M}"

    def is_current(self, request) -> bool:
        return self.session_key == request.session.session_key
