"""make bench: measure the key pages on SQLite and PostgreSQL, at several scales, in one run.

For each database it builds three data sets (generated once, kept between runs):

- full: 10 fiscal years × 77 provinces × 60 activities (the default scale);
- one-year: the same with 1 fiscal year;
- eight-provinces: 1 fiscal year × 8 provinces;
- ten-times-breadth: 1 fiscal year × 770 reporting units (the 77 provinces and 693 synthetic ones,
  bench/generate.py) × 60 activities.

Then it measures every page on each, and reports ratios taken in the same run, because absolute
times are noisy on a shared machine: history = full ÷ one-year (old years must not slow the
current one, target ≤ 1.3); breadth = one-year ÷ eight-provinces (target ≤ 3 for national pages,
≈ 1 for a province's); breadth ×10 = ten-times-breadth ÷ one-year (770 ÷ 77 units); floor = the
national dashboard ÷ one SQL query computing its figures (bench/floor.py, target ≤ 3). On
PostgreSQL's full data set it also follows the shared cache on Redis (bench/cache.py) and times
the backups (bench/backups.py). It writes bench/results.json and bench/RESULTS.md.

    python -m bench.run [--repeat 20] [--smoke] [--only sqlite|postgres]
                        [--datasets full,one-year,...] [--without browser,cache,backups]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

from bench.floor import FLOOR_PAGE, floor_line, floor_ratio
from bench.measure import NATIONAL_PAGES

ROOT = Path(__file__).resolve().parent.parent
DATASETS = {
    "full": {"years": 10, "provinces": 77, "activities": 60},
    "one-year": {"years": 1, "provinces": 77, "activities": 60},
    "eight-provinces": {"years": 1, "provinces": 8, "activities": 60},
    "ten-times-breadth": {"years": 1, "provinces": 770, "activities": 60},
}
# Form 3 sums up the previous year, which a one-year data set lacks: it is measured on "full" only.
SMOKE_DATASETS = {
    "full": {"years": 2, "provinces": 6, "activities": 5},
    "one-year": {"years": 1, "provinces": 6, "activities": 5},
    "eight-provinces": {"years": 1, "provinces": 2, "activities": 5},
    "ten-times-breadth": {"years": 1, "provinces": 60, "activities": 5},
}
EXTRAS = ["browser", "cache", "backups"]
NATIONAL = NATIONAL_PAGES
# Targets on the 2-core machine with PostgreSQL at default scale (issue 9), median ms.
TARGETS_MS = {
    "national dashboard": 150,
    "plan grid": 80,
    "monthly report form": 80,
    "national export (.xlsx)": 3000,
    "Form 3 PDF": 1500,
}
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")


def database_name(dataset: str, smoke: bool = False) -> str:
    """The bench's own databases: labourplan_bench_*, apart from the project's and the tests'."""
    return f"labourplan_bench_{'smoke_' if smoke else ''}{dataset.replace('-', '_')}"


def _database_url(backend: str, dataset: str, smoke: bool) -> str:
    name = database_name(dataset, smoke)
    if backend == "sqlite":
        folder = ROOT / "var" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{folder / (name + '.sqlite3')}"
    # A developer's tool running fixed commands: nothing here comes from a user.
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True, check=False)  # noqa: S603, S607
    return f"{POSTGRES}/{name}"


def _in_database(url: str, *args: str, **extra_env: str) -> str:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "labourplan.settings", **extra_env}
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed on {url}:\n{done.stderr[-3000:]}")
    return done.stdout


def _prepare(backend: str, dataset: str, scale: dict, smoke: bool) -> str:
    """Migrate the data set's database and generate what it lacks; returns its URL."""
    url = _database_url(backend, dataset, smoke)
    print(f"[{backend}] {dataset}: migrate and generate {scale}", flush=True)
    _in_database(url, "manage.py", "migrate", "--noinput", "-v", "0")
    _in_database(url, "-m", "bench.generate", *[f"--{k}={v}" for k, v in scale.items()])
    return url


def measure_here(repeat: int) -> None:
    """In the child process: print this database's measurements as JSON."""
    import django

    django.setup()
    from bench.measure import measure

    print(json.dumps([m.as_dict() for m in measure(repeat=repeat)]))


def _postgres_available() -> bool:
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"], check=False).returncode == 0  # noqa: S607


def _ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 2) if denominator else None


def run(*, repeat: int, smoke: bool, backends: list[str], only_datasets: list[str] | None = None) -> dict:
    datasets = {k: v for k, v in (SMOKE_DATASETS if smoke else DATASETS).items() if k in (only_datasets or [k])}
    runs: dict[str, dict[str, list[dict]]] = {}
    for backend in backends:
        runs[backend] = {}
        for dataset, scale in datasets.items():
            url = _prepare(backend, dataset, scale, smoke)
            print(f"[{backend}] {dataset}: measure ×{repeat}", flush=True)
            runs[backend][dataset] = json.loads(_in_database(url, "-m", "bench.run", "--measure-here", str(repeat)))
    ratios = {}
    for backend, by_dataset in runs.items():
        ratios[backend] = {}
        index = {d: {m["page"]: m for m in ms} for d, ms in by_dataset.items()}
        every_page = list(dict.fromkeys(page for ms in index.values() for page in ms))
        for page in every_page:
            if page == FLOOR_PAGE:  # a query, not a page: its ratios are the floor's below
                continue
            full, one, eight, ten = (index.get(d, {}).get(page) for d in DATASETS)
            ratios[backend][page] = {
                "history": _ratio(full["median_ms"], one["median_ms"]) if full and one else None,
                "breadth": _ratio(one["median_ms"], eight["median_ms"]) if one and eight else None,
                "breadth_x10": _ratio(ten["median_ms"], one["median_ms"]) if ten and one else None,
                "queries_x10": [one["queries"], ten["queries"]] if ten and one else None,
                "history_target": 1.3,
                "breadth_target": 3.0 if page in NATIONAL else 1.0,
                "queries_independent_of_scale": len({index[d][page]["queries"] for d in index if page in index[d]})
                == 1,
            }
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": "make bench" + (" (smoke)" if smoke else ""),
        "left_out": [],
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(),
        },
        "repeat": repeat,
        "datasets": datasets,
        "runs": runs,
        "ratios": ratios,
        # the national dashboard against one SQL query computing its figures (bench/floor.py), at default scale
        "floor": {
            backend: floor_ratio(by_dataset["full"]) for backend, by_dataset in runs.items() if "full" in by_dataset
        },
        "targets_ms": TARGETS_MS,
    }


def markdown(results: dict) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"- date: {results['date']}",
        f"- command: `{results['command']}`",
        f"- machine: {results['machine']['cpus']} CPUs, {results['machine']['platform']}, "
        f"Python {results['machine']['python']}",
        f"- left out of this run: {', '.join(results['left_out']) or 'nothing'}",
        f"- each page requested {results['repeat']} times after one warm-up, in-process (Django test client): "
        "server time without the network",
        "",
    ]
    for backend, by_dataset in results["runs"].items():
        lines += [
            f"## {backend}",
            "",
            "| page | data set | median ms | p95 ms | queries | bytes |",
            "|---|---|---:|---:|---:|---:|",
        ]
        for dataset, measurements in by_dataset.items():
            for m in measurements:
                lines.append(
                    f"| {m['page']} | {dataset} | {m['median_ms']} | {m['p95_ms']} | {m['queries']} | {m['bytes']:,} |"
                )
        lines += [
            "",
            "| page | history (10 y ÷ 1 y) | breadth (77 ÷ 8) | breadth ×10 (770 ÷ 77) | queries 77 → 770 "
            "| queries independent of scale |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for page, r in results["ratios"][backend].items():
            if r["history"] is None:
                history = "–"
            else:
                history = f"{r['history']} {'✓' if r['history'] <= r['history_target'] else '✗'}"
            breadth = "–" if r["breadth"] is None else f"{r['breadth']} (target ≤ {r['breadth_target']})"
            x10 = "–" if r.get("breadth_x10") is None else str(r["breadth_x10"])
            queries = "–" if not r.get("queries_x10") else " → ".join(map(str, r["queries_x10"]))
            same = "yes" if r["queries_independent_of_scale"] else "NO"
            lines.append(f"| {page} | {history} | {breadth} | {x10} | {queries} | {same} |")
        if backend in results.get("floor", {}):
            lines += ["", floor_line(results["floor"][backend])]
        lines.append("")
    lines += ["## Targets (PostgreSQL, default scale, median)", ""]
    full = {m["page"]: m for m in results["runs"].get("postgres", {}).get("full", [])}
    for page, target in results["targets_ms"].items():
        if page in full:
            got = full[page]["median_ms"]
            lines.append(f"- {page}: {got} ms, target ≤ {target} ms: {'met' if got <= target else 'NOT MET'}")
        else:
            lines.append(f"- {page}: not measured on PostgreSQL in this run")
    for extra in ("cache", "backups"):
        if results.get(extra):
            module = __import__(f"bench.{extra}", fromlist=["markdown"])
            lines += ["", *module.markdown(results[extra])]
    if results.get("browser"):
        from bench.browser import markdown as browser_markdown

        lines += ["", *browser_markdown(results["browser"])]
    return "\n".join(lines) + "\n"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--smoke", action="store_true", help="tiny scale, two repetitions: checks that it works")
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument(
        "--datasets", type=lambda v: v.split(","), help=f"a comma-separated subset of {', '.join(DATASETS)}"
    )
    parser.add_argument(
        "--without",
        type=lambda v: v.split(","),
        default=[],
        help=f"leave out some of {', '.join(EXTRAS)} (each on the full data set; cache and backups on PostgreSQL)",
    )
    parser.add_argument("--generate-only", action="store_true", help="build the data sets, measure nothing")
    parser.add_argument("--measure-here", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure_here:
        measure_here(args.measure_here)
        return
    backends = [args.only] if args.only else ["sqlite"] + (["postgres"] if _postgres_available() else [])
    unknown = set(args.without) - set(EXTRAS) | set(args.datasets or []) - set(DATASETS)
    if unknown:
        parser.error(f"unknown: {', '.join(sorted(unknown))}")
    if args.generate_only:
        for backend in backends:
            for dataset, scale in (SMOKE_DATASETS if args.smoke else DATASETS).items():
                if dataset in (args.datasets or [dataset]):
                    _prepare(backend, dataset, scale, args.smoke)
        return
    repeat = 2 if args.smoke else args.repeat
    results = run(repeat=repeat, smoke=args.smoke, backends=backends, only_datasets=args.datasets)
    results["command"] = " ".join(["python -m bench.run", *(argv if argv is not None else sys.argv[1:])])
    skipped_backends = [f"{b} (every data set)" for b in ("sqlite", "postgres") if b not in backends]
    results["left_out"] = skipped_backends + sorted(set(DATASETS) - set(args.datasets or DATASETS)) + args.without
    full = "postgres" if "postgres" in backends else None
    if full and "cache" not in args.without:  # the shared cache on Redis, at national scale
        from bench import cache

        url = _database_url(full, "full", args.smoke)
        results["cache"] = json.loads(_in_database(url, "-m", "bench.cache", CACHE_URL=cache.CACHE_URL))
    if full and "backups" not in args.without:  # pg_dump/pg_restore beside the XML export/restore
        from bench import backups

        results["backups"] = backups.run(_database_url(full, "full", args.smoke), smoke=args.smoke)
    if not args.smoke and "browser" not in args.without:  # the browser's figures (issue 15), served by gunicorn
        from bench.browser import run as browser_run

        backend = "postgres" if "postgres" in backends else "sqlite"
        results["browser"] = browser_run(_database_url(backend, "full", smoke=False), f"full ({backend})")
    out = ROOT / ("var/bench" if args.smoke else "bench")
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "RESULTS.md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))


if __name__ == "__main__":
    main()
