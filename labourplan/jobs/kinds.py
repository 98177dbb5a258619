"""The kinds of export a background job can make, found by name. The apps that own the files
register their kinds (dashboard/jobs.py, annual/jobs.py, from their AppConfig.ready): this app
runs them, keeps the file and serves it, and knows nothing of what is inside."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


class Progress(Protocol):
    def __call__(self, percent: int, step: str) -> None: ...


@dataclass(frozen=True)
class Kind:
    name: str  # in URLs: /jobs/start/<name>/
    title: str  # what people read ("National workbook (.xlsx)"), a lazy translation
    extension: str  # "xlsx", "pdf", "docx"
    content_type: str
    filename_stem: str  # "national-{year}": the file is national-2570.xlsx
    # build(fiscal_year=, user=, options=, progress=) -> the file's bytes. `user` is who asked:
    # what they may see is what the file holds. A ServiceError's message is shown to them.
    build: Callable[..., bytes]
    allowed: Callable[..., bool]  # allowed(user): may this person make (and download) it
    # unavailable(user, fiscal_year) -> why not now (a sentence), or "": asked before a job is queued
    unavailable: Callable[..., str] | None = None
    options: tuple[str, ...] = ()  # names taken from the start form, e.g. "digits"
    audited: bool = False  # a download is an EXPORT in the audit trail, with format=extension

    def filename(self, year_be: int) -> str:
        return f"{self.filename_stem.format(year=year_be)}.{self.extension}"


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _KINDS[kind.name] = kind


def get(name: str) -> Kind | None:
    return _KINDS.get(name)


def all_kinds() -> list[Kind]:
    return list(_KINDS.values())
