"""A workbook kept between an import's preview and its confirmation.

The file lies in private storage under the uploader's folder, named by a random token that only
the uploader's session knows. One pending import per owner (a plan version, a report): the
latest upload wins. Imports never confirmed nor cancelled, by anyone, go after a day.
"""

import datetime
import secrets

from django.core.files.base import ContentFile
from django.http import Http404
from django.utils import timezone

from labourplan.lib.uploads import private_storage

IMPORTS_DIR = "imports"
KEPT_FOR = datetime.timedelta(days=1)


def store(request, session_key: str, owner: int, data: bytes, filename: str, *, options: dict | None = None) -> str:
    """Keep the workbook until the officer confirms; return the token naming it. `options` are the
    choices made with the upload (plain JSON values), read again with the file."""
    forget_old()
    pending = request.session.get(session_key, {})
    for token, info in list(pending.items()):
        if info["owner"] == owner:
            private_storage.delete(info["path"])
            del pending[token]
    token = secrets.token_urlsafe(24)
    path = private_storage.save(f"{IMPORTS_DIR}/{request.user.pk}/{token}.xlsx", ContentFile(data))
    pending[token] = {"owner": owner, "path": path, "filename": filename[:200], "options": options or {}}
    request.session[session_key] = pending
    return token


def get(request, session_key: str, owner: int, token: str) -> dict:
    """The pending import named by `token` for this owner, or 404."""
    info = request.session.get(session_key, {}).get(token)
    if info is None or info["owner"] != owner or not private_storage.exists(info["path"]):
        raise Http404
    return info


def discard(request, session_key: str, token: str) -> None:
    pending = request.session.get(session_key, {})
    info = pending.pop(token, None)
    if info is not None:
        private_storage.delete(info["path"])
        request.session[session_key] = pending


def forget_old() -> None:
    try:  # a folder on disk, a key prefix in an object store (which has no folders to test for)
        folders = private_storage.listdir(IMPORTS_DIR)[0]
    except FileNotFoundError:
        return
    cutoff = timezone.now() - KEPT_FOR
    for folder in folders:
        for name in private_storage.listdir(f"{IMPORTS_DIR}/{folder}")[1]:
            path = f"{IMPORTS_DIR}/{folder}/{name}"
            if private_storage.get_modified_time(path) < cutoff:
                private_storage.delete(path)
