from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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

    objects = UserManager()

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
