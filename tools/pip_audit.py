"""Audit the pinned dependencies (requirements*.txt) for known vulnerabilities with pip-audit.

Fails on a finding that tools/pip-audit-accepted.txt does not accept with a reason. pip-audit asks
PyPI's vulnerability service: where that service cannot be reached (a machine whose only network
is a package mirror), nothing can be audited, and this says so loudly instead of passing
silently; set PIP_AUDIT_REQUIRED=1 (as a CI with the internet should) to fail then.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACCEPTED = ROOT / "tools" / "pip-audit-accepted.txt"


def accepted() -> dict[str, str]:
    found = {}
    for line in ACCEPTED.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        vuln_id, _, reason = line.partition(" ")
        if not reason.strip():
            sys.exit(f"{ACCEPTED.name}: {vuln_id} is accepted without a reason")
        found[vuln_id] = reason.strip()
    return found


def main() -> int:
    pip_audit = Path(sys.executable).with_name("pip-audit")
    command = [str(pip_audit), "--no-deps", "--disable-pip", "-f", "json", "--progress-spinner", "off"]
    for requirements in ("requirements.txt", "requirements-dev.txt"):
        command += ["-r", str(ROOT / requirements)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)  # noqa: S603
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stdout, result.stderr, sep="\n", file=sys.stderr)
        return 1
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    ok = accepted()
    findings = [(d["name"], d["version"], v) for d in dependencies for v in d.get("vulns", [])]
    refused = [(n, ver, v) for n, ver, v in findings if v["id"] not in ok and not set(v.get("aliases", [])) & set(ok)]
    for name, version, vuln in findings:
        mark = "ACCEPTED" if (name, version, vuln) not in refused else "FOUND"
        print(f"pip-audit {mark}: {name} {version} {vuln['id']} (fixed in {', '.join(vuln.get('fix_versions', []))})")
    if dependencies and len(skipped) == len(dependencies):
        print(
            f"pip-audit: WARNING: the vulnerability service could not be reached; none of the {len(dependencies)} "
            "pinned dependencies was audited.",
            file=sys.stderr,
        )
        if os.environ.get("PIP_AUDIT_REQUIRED") == "1":
            return 1
    elif skipped:
        names = ", ".join(d["name"] for d in skipped)
        print(f"pip-audit: WARNING: {len(skipped)} dependencies could not be audited: {names}", file=sys.stderr)
    else:
        print(f"pip-audit: {len(dependencies)} pinned dependencies audited, {len(refused)} unaccepted findings.")
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
