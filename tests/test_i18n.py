"""Thai first: every message a user can read has a Thai translation, checked against the sources."""

import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command


def test_every_message_of_the_sources_is_translated_to_thai(tmp_path, monkeypatch):
    # Extract the messages afresh from a copy of the sources, so the committed catalogue is not
    # touched, then ask msgfmt whether anything is left untranslated or fuzzy.
    package = Path(settings.PACKAGE_DIR)
    copy = tmp_path / "labourplan"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(settings, "LOCALE_PATHS", [copy / "locale"])
    call_command("makemessages", locale=["th"], no_obsolete=True, no_wrap=True, verbosity=0)
    catalogue = copy / "locale" / "th" / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, (
        f"{result.stderr.strip()} — run `make messages` and translate the new entries in {catalogue.name}"
    )
