"""Uploaded evidence (signed approvals, minutes, photos): checked in one place, stored privately.

Files are recognised by their content, never by their name, and live outside the web root:
they are served only by views that check who may see them.
"""

import secrets
import unicodedata
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

# Signatures at the start of each accepted kind of file.
SIGNATURES = {
    b"%PDF-": ("application/pdf", ".pdf"),
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
}


_UNSAFE = set('\\/:*?"<>|')


def valid_name(name) -> str:
    """The officer's name, less what no file name may hold: control characters and the
    characters Windows refuses (path separators among them) become "_", leading dots go.

    Django's own rule keeps only what `\\w` matches, which drops Thai vowels and tone marks
    (they are combining marks): "บันทึกการประชุม" would come back as "บนทกการประชม"."""
    name = unicodedata.normalize("NFC", str(name)).strip()
    name = "".join("_" if unicodedata.category(c)[0] == "C" or c in _UNSAFE else c for c in name)
    name = name.lstrip(". ")
    if not name:
        raise SuspiciousFileOperation("Could not derive a file name")
    return name


@deconstructible
class SharedFolderStorage(FileSystemStorage):
    """The default home of private files, STORAGES["private"]: MEDIA_ROOT/private, with no URL.
    With several application servers MEDIA_ROOT is a folder they all mount (NFS, CephFS…)."""

    def __init__(self):
        super().__init__(location=None, base_url=None)

    @property
    def base_location(self):
        return Path(settings.MEDIA_ROOT) / "private"

    @property
    def location(self):
        return str(self.base_location)

    def url(self, name):
        raise ValueError("private files have no public URL")

    def get_valid_name(self, name):
        return valid_name(name)


@deconstructible
class PrivateStorage(Storage):
    """Private files (evidence, signed approvals, minutes, workbooks waiting for confirmation),
    wherever STORAGES["private"] keeps them: the shared folder by default, an S3-compatible object
    store by setting (settings.py). Nothing there is reachable except through a checking view.

    The model fields name this class (with no arguments, so that their migrations do not depend on
    the configuration): every call goes to the configured backend at the time it is made."""

    @property
    def backend(self) -> Storage:
        return storages["private"]

    def open(self, name, mode="rb"):
        return self.backend.open(name, mode)

    def save(self, name, content, max_length=None):
        return self.backend.save(name, content, max_length=max_length)

    def delete(self, name):
        return self.backend.delete(name)

    def exists(self, name):
        return self.backend.exists(name)

    def listdir(self, path):
        return self.backend.listdir(path)

    def size(self, name):
        return self.backend.size(name)

    def path(self, name):
        return self.backend.path(name)

    def get_available_name(self, name, max_length=None):
        return self.backend.get_available_name(name, max_length=max_length)

    def get_modified_time(self, name):
        return self.backend.get_modified_time(name)

    def url(self, name):
        raise ValueError("private files have no public URL")

    def get_valid_name(self, name):
        return valid_name(name)


private_storage = PrivateStorage()


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) from the first bytes of a file, or None when not accepted."""
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def validate_upload(upload) -> str:
    """Check an uploaded file; return its content type. Raises ValidationError in Thai."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file “%(name)s” is %(size).1f MB; files may be at most 10 MB."),
            code="too_large",
            params={"name": upload.name, "size": upload.size / 1024 / 1024},
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head)
    if kind is None:
        raise ValidationError(
            _("The file “%(name)s” is not a PDF, JPEG or PNG file (checked by its content, not its name)."),
            code="bad_type",
            params={"name": upload.name},
        )
    return kind[0]


STEM_LENGTH = 50  # the stored path (folder, year, token, name) stays within the column's 100


def stored_name(upload) -> str:
    """Where an upload is kept: a folder of its own (so that two files of the same name never
    rename each other) holding the officer's own name, Thai vowels and tone marks included, with
    the extension of what the file really is (a PNG named x.html becomes x.png). The download is
    served under that name."""
    upload.seek(0)
    kind = sniff(upload.read(16))
    upload.seek(0)
    stem = Path(str(upload.name).replace("\\", "/")).stem.lstrip(". ")[:STEM_LENGTH] or "file"
    return f"{secrets.token_hex(4)}/{private_storage.get_valid_name(stem)}{kind[1] if kind else '.bin'}"


def private_file_response(field_file) -> FileResponse:
    """Serve a private file with the content type of its content, never of its name."""
    handle = field_file.open("rb")
    kind = sniff(handle.read(16))
    handle.seek(0)
    name = Path(field_file.name).name
    if kind is None:  # not one of ours: never let a browser render it
        return FileResponse(handle, as_attachment=True, filename=name, content_type="application/octet-stream")
    return FileResponse(handle, filename=f"{Path(name).stem}{kind[1]}", content_type=kind[0])
