"""The newcomer's first run: `make run` says what it is doing, serves on the port asked, and the
README points only at files a fresh clone has."""

import re
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models.signals import post_save

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_load_demo_prints_each_province_as_it_goes(monkeypatch, cm_editor, fy2570_template, sk_editor):
    from labourplan.demo.management.commands import load_demo
    from labourplan.plans.services import create_plan

    def small_demo(*, log):
        log("user demo (provincial_editor)")
        create_plan(province=cm_editor.province, fiscal_year=fy2570_template, by=cm_editor)
        create_plan(province=sk_editor.province, fiscal_year=fy2570_template, by=sk_editor)

    monkeypatch.setattr(load_demo, "load_demo", small_demo)
    out = StringIO()
    receivers = len(post_save.receivers)
    call_command("load_demo", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Loading the demonstration data")
    assert re.fullmatch(r"user demo \(provincial_editor\)  \[\d+ s\]", lines[1])
    assert re.fullmatch(r"  FY 2570 · Chiang Mai: plan  \[\d+ s\]", lines[2])
    assert re.fullmatch(r"  FY 2570 · Songkhla: plan  \[\d+ s\]", lines[3])
    assert lines[-1].startswith("Demonstration data ready")
    assert len(post_save.receivers) == receivers  # the progress hook is gone afterwards


@pytest.mark.parametrize(("args", "port"), [([], "8000"), (["PORT=8001"], "8001")])
def test_make_run_serves_on_the_port_asked(args, port):
    dry = subprocess.run(["make", "-n", "run", *args], cwd=ROOT, capture_output=True, text=True, check=True)
    assert f"runserver 127.0.0.1:{port}" in dry.stdout


def _paths_named_in(text):
    """Backquoted names that look like files or folders of the repository (not URLs, not var/)."""
    tops = {p.name for p in ROOT.iterdir()} | {".."}
    for token in re.findall(r"`([^`\s<>:*…=]+)`", text):
        if "/" not in token or token.startswith(("/", "http", "var/")):
            continue
        if re.search(r"\.\w+$", token) or token.split("/")[0] in tops:
            yield token


def test_every_file_the_readme_names_is_in_a_fresh_clone():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    files = set(tracked.split())
    folders = {str(Path(f).parent) + "/" for f in files} | {str(p) + "/" for f in files for p in Path(f).parents}
    named = list(_paths_named_in((ROOT / "README.md").read_text()))
    assert named, "the README names files of the repository"
    missing = [p for p in named if p not in files and p.rstrip("/") + "/" not in folders]
    assert missing == []
