from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from labourplan.accounts.models import User
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
