"""The backups' times on the national data set (PostgreSQL, full): PostgreSQL's own backup
(`manage.py backup --format=pg`: pg_dump in custom format, restored with pg_restore into a fresh
database) beside the portable XML export (`manage.py backup`, restored into a fresh, migrated
database by `manage.py restore`), each run as an operator runs it, in a process of its own.

Each restore checks every model's row count against the backup's manifest (lib/backup.py); that
the figures and files come back identical is tested in tests/test_backup.py and tests/test_backup_pg.py.
The uploaded files are a scratch folder of the bench's (the generated data set has none); the
restored databases (labourplan_bench_restored_pg, _xml) are dropped afterwards.

    python -m bench.backups [--smoke]   (bench/run.py runs it)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
# A step that takes longer is stopped and reported as such (the XML restore loads row by row).
TIMEOUT = int(os.environ.get("BENCH_BACKUP_TIMEOUT", "3600"))


def _postgres(*args: str) -> None:
    # A developer's tool running fixed commands on the bench's own databases.
    subprocess.run([*args, "-h", "127.0.0.1", "-U", "postgres"], capture_output=True, check=False)  # noqa: S603


def _fresh(name: str) -> str:
    _postgres("dropdb", "--if-exists", "--force", name)
    _postgres("createdb", name)
    return f"{POSTGRES}/{name}"


def _timed(url: str, media: Path, *args: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(media),
        "DJANGO_SETTINGS_MODULE": "labourplan.settings",
    }
    start = time.perf_counter()
    try:
        done = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired:
        return {"seconds": None, "note": f"stopped after {TIMEOUT} s"}
    seconds = round(time.perf_counter() - start, 1)
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed on {url}:\n{done.stderr[-3000:]}")
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    return {"seconds": seconds, "output": last.replace(f"{ROOT}/", "")}  # no path of this machine in the results


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def run(url: str, *, smoke: bool = False) -> dict:
    """Back up the database at `url` both ways and restore each into a fresh database."""
    work = ROOT / "var" / "bench" / ("backups-smoke" if smoke else "backups")
    shutil.rmtree(work, ignore_errors=True)
    media = work / "media"
    (media / "private").mkdir(parents=True)
    results = {"database": url.rsplit("/", 1)[-1], "formats": {}}
    for fmt, label in (("pg", "pg_dump -Fc / pg_restore"), ("xml", "XML export / restore (portable)")):
        print(f"[backups] {label}", flush=True)
        folder = work / fmt
        made = _timed(url, media, "backup", str(folder), f"--format={fmt}")
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        restored = _fresh(f"labourplan_bench_{'smoke_' if smoke else ''}restored_{fmt}")
        steps = {"backup": made}
        if fmt == "xml":  # the portable restore goes into a migrated database
            steps["migrate (before restoring)"] = _timed(
                restored, work / f"media-{fmt}", "migrate", "--noinput", "-v", "0"
            )
        steps["restore"] = _timed(restored, work / f"media-{fmt}", "restore", str(folder), "--yes")
        _postgres("dropdb", "--if-exists", "--force", restored.rsplit("/", 1)[-1])
        results["formats"][fmt] = {
            "label": label,
            "rows": sum(manifest["counts"].values()),
            "bytes": _size(folder),
            "steps": steps,
        }
    shutil.rmtree(work, ignore_errors=True)
    return results


def markdown(results: dict) -> list[str]:
    lines = [
        f"## Backups on the national data set (PostgreSQL, `{results['database']}`)",
        "",
        "- each step run as an operator runs it (`manage.py backup|restore`, a process of its own), wall time; "
        "each restore into a fresh database, checked row by row count against the backup's manifest",
        "",
        "| format | rows | backup size | step | seconds |",
        "|---|---:|---:|---|---:|",
    ]
    for entry in results["formats"].values():
        for step, got in entry["steps"].items():
            seconds = got["seconds"] if got["seconds"] is not None else got["note"]
            lines.append(f"| {entry['label']} | {entry['rows']:,} | {entry['bytes']:,} | {step} | {seconds} |")
    return lines


def main() -> None:
    import argparse

    from bench.run import database_name

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    results = run(f"{POSTGRES}/{database_name('full', args.smoke)}", smoke=args.smoke)
    print("\n".join(markdown(results)))


if __name__ == "__main__":
    main()
