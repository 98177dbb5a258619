"""The file before anything reads it: an upload is a plain .xlsx workbook of sensible size, or it is
refused (`WorkbookRefused`, with words for the officer) before openpyxl opens it: no macros,
no encryption, no zip bomb, not a .xls or a .csv renamed. `open_workbook` opens what passed."""

import codecs
import io
import warnings
import zipfile

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

# Import limits. A plan is a few hundred rows: these leave plenty of room and refuse abuse.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_FROM_BYTES = 1024 * 1024  # small parts can compress well and are harmless
MAX_ZIP_ENTRIES = 1000
MAX_ROWS = 5000
MAX_COLUMNS = 100
MAX_MERGED_CELLS = 100_000  # overlapping giant merged ranges would otherwise cost time, not memory
HEADER_SEARCH_ROWS = 30
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted OOXML workbook is an OLE2 file with an "EncryptionInfo" stream (name in UTF-16).
OLE_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


class WorkbookRefused(Exception):
    """The file is not a workbook we open: `message` says why, in words for the officer."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}"


def read_upload(file) -> bytes:
    """The bytes of an uploaded file (or bytes, or any binary file object), refusing more than 5 MB."""
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
    else:
        size = getattr(file, "size", None)
        if size is not None and size > MAX_FILE_BYTES:
            raise _too_large(size)
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(len(data))
    return data


def _too_large(size: int) -> WorkbookRefused:
    return WorkbookRefused(
        _("The file is %(size)s MB; a workbook to import may be at most %(max)s MB.")
        % {"size": _megabytes(size), "max": MAX_FILE_BYTES // 1024 // 1024},
        code="too_large",
    )


def _encrypted() -> WorkbookRefused:
    return WorkbookRefused(
        _(
            "The workbook is protected with a password (encrypted), so it cannot be read. "
            "Remove the password in Excel, save it as .xlsx and upload it again."
        ),
        code="encrypted",
    )


def check_package(data: bytes) -> None:
    """Refuse anything but a plain .xlsx package, judged by its content and before it is unpacked.

    The sizes checked are those the ZIP declares; Python's zipfile never inflates an entry past its
    declared size (it fails the CRC check instead), so openpyxl cannot be made to inflate more.
    """
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(len(data))
    if data.startswith(OLE_SIGNATURE):
        if OLE_ENCRYPTION_STREAM in data:
            raise _encrypted()
        raise WorkbookRefused(
            _(
                "This is an old Excel 97–2003 (.xls) file or another older Office file. Open it in Excel and "
                "choose File → Save As → “Excel Workbook (*.xlsx)” (in LibreOffice: File → Save As → "
                "“Excel 2007-365 (.xlsx)”), then upload the .xlsx file."
            ),
            code="old_format",
        )
    if _is_text(data):
        raise WorkbookRefused(
            _(
                "This is a text file (.csv or similar), not an Excel workbook. Open it in Excel or LibreOffice "
                "and choose File → Save As → “Excel Workbook (*.xlsx)” (LibreOffice: “Excel 2007-365 (.xlsx)”), "
                "then upload the .xlsx file."
            ),
            code="csv",
        )
    not_xlsx = WorkbookRefused(
        _("The file is not an Excel workbook (.xlsx); it was checked by its content, not its name."),
        code="not_xlsx",
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise not_xlsx from exc
    with archive:
        entries = archive.infolist()
        names = {entry.filename for entry in entries}
        opendocument = (
            "mimetype" in names
            and archive.getinfo("mimetype").file_size < 100
            and archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument")
        )
        if opendocument:
            raise WorkbookRefused(
                _(
                    "This is an OpenDocument spreadsheet (.ods), LibreOffice's own format. In LibreOffice "
                    "choose File → Save As, pick the file type “Excel 2007-365 (.xlsx)”, keep that format "
                    "when asked, and upload the .xlsx file."
                ),
                code="ods",
            )
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise not_xlsx
        bomb = WorkbookRefused(
            _(
                "The workbook unpacks to far more data than a Form 1 plan holds (a possible “zip bomb”), "
                "so it was not opened."
            ),
            code="bomb",
        )
        if len(entries) > MAX_ZIP_ENTRIES or sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_BYTES:
            raise bomb
        for entry in entries:
            ratio = entry.file_size / max(entry.compress_size, 1)
            if entry.file_size > RATIO_CHECK_FROM_BYTES and ratio > MAX_COMPRESSION_RATIO:
                raise bomb
        if any(entry.flag_bits & 0x1 for entry in entries):  # a password on the ZIP itself
            raise _encrypted()
        macros = any(name.lower().endswith("vbaproject.bin") for name in names)
        if macros or b"macroenabled" in archive.read("[Content_Types].xml").lower():
            raise WorkbookRefused(
                _(
                    "The workbook contains macros (.xlsm). Save it as an Excel workbook without macros (.xlsx) "
                    "and upload it again."
                ),
                code="macros",
            )


def _is_text(data: bytes) -> bool:
    """Text, such as a .csv (UTF-8, with or without a BOM, or Thai Windows-874), rather than a package."""
    head = data[:4096]
    if not head or b"\x00" in head or head.startswith(b"PK"):
        return False
    for encoding in ("utf-8-sig", "cp874"):
        try:
            # Incremental, so that a character cut at the end of the head is not an error.
            text = codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return all(c.isprintable() or c in "\r\n\t" for c in text)
    return False


def open_workbook(data: bytes, *, data_only: bool):
    try:
        with warnings.catch_warnings():
            # openpyxl warns about every Excel feature it does not keep (extensions, slicers…).
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only, keep_links=False)
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        TypeError,
        IndexError,
        AttributeError,
        OSError,
        SyntaxError,  # xml.etree's ParseError
    ) as exc:
        raise WorkbookRefused(
            _("The workbook could not be read; it may be damaged. Open it in Excel, save it as .xlsx and try again."),
            code="unreadable",
        ) from exc
