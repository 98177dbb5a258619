"""The steps every workbook import goes through (upload → preview → confirm), for the views of
Form 1, Form 2 and the partner register: the upload checked and kept, the cancelled preview, the
workbook refused on a second reading."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from labourplan.lib import pending_uploads
from labourplan.lib.spreadsheet.download import XLSX_CONTENT_TYPE
from labourplan.lib.spreadsheet.files import MAX_FILE_BYTES, WorkbookRefused, read_upload


def workbook_form(label) -> type[forms.Form]:
    """An import's upload form: one workbook field, described by the page's list of rules."""
    field = forms.FileField(
        label=label,
        widget=forms.FileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}", "aria-describedby": "import-rules"}),
    )
    return type("WorkbookForm", (forms.Form,), {"file": field})


def upload_step(
    request,
    form,
    *,
    check,
    session_key: str,
    owner: int,
    preview,
    template: str,
    context: dict,
    refusal: str | None = None,
    options: tuple[str, ...] = (),
):
    """Step 1: a valid upload is read, checked by `check(data)` (which raises WorkbookRefused for a
    file it cannot read) and kept, and the officer goes on to `preview(token)`; the form's `options`
    fields are kept with it. Otherwise the page again, 400 after a POST. Nothing else is written."""
    if request.method == "POST" and refusal is None and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = read_upload(upload)
            check(data)
        except WorkbookRefused as exc:
            form.add_error("file", exc.message)
        else:
            kept = {name: form.cleaned_data[name] for name in options}
            token = pending_uploads.store(request, session_key, owner, data, upload.name, options=kept)
            return redirect(preview(token))
    page = {**context, "form": form, "refusal": refusal, "max_megabytes": MAX_FILE_BYTES // 1024 // 1024}
    return render(request, template, page, status=400 if request.method == "POST" else 200)


def kept_upload(request, session_key: str, owner: int, token: str, *, cancelled: str) -> dict | None:
    """Steps 2 and 3: the kept upload named by `token` for this owner (404 if there is none), or None
    when the officer cancelled the import; then the workbook is gone and `cancelled` is said."""
    info = pending_uploads.get(request, session_key, owner, token)
    if request.method == "POST" and "cancel" in request.POST:
        pending_uploads.discard(request, session_key, token)
        messages.info(request, cancelled)
        return None
    return info


def refused_again(request, session_key: str, token: str, exc: WorkbookRefused) -> None:
    """A kept workbook refused when read again (only if the rules changed since the upload): it is gone."""
    pending_uploads.discard(request, session_key, token)
    messages.error(request, exc.message)


def imported(request, session_key: str, token: str, message: str) -> None:
    """The import is done: the kept workbook goes, and `message` says what it changed."""
    pending_uploads.discard(request, session_key, token)
    messages.success(request, message)
