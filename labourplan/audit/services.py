from django.db import models

from labourplan.audit.models import AuditEvent
from labourplan.lib.client import client_address


def record(
    *,
    action: str,
    user=None,
    username: str = "",
    province=None,
    obj: models.Model | None = None,
    request=None,
    **detail,
) -> AuditEvent:
    """Write one entry of the audit trail. `detail` holds what the entry needs beyond the object
    (an export's purpose and row count, a failed sign-in's reason); it must be JSON-serialisable."""
    if user is not None and not user.is_authenticated:
        user = None
    if province is None and obj is not None:
        province = getattr(obj, "province", None)
    return AuditEvent.objects.create(
        action=action,
        user=user,
        username=username or (user.get_username() if user else ""),
        province=province,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        detail=detail,
        ip_address=client_address(request) if request is not None else None,
    )
