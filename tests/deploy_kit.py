"""The deployment kit (deploy/) on this machine, for its own test (tests/test_deploy.py) and the
multi-server test (tests/test_cluster.py): Debian's nginx on loopback with the shipped site, with
this machine's certificate, ports and folders; the systemd units read as systemd reads them."""

import configparser
import contextlib
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
SITE = DEPLOY / "nginx" / "labourplan.conf"
SHIPPED_SERVER = re.compile(r"^(\s*)server 127\.0\.0\.1:8000\b([^;]*);$", flags=re.MULTILINE)
TLS_SERVER = "server {\n    listen 443 ssl http2;"


def certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost (clients that verify it take cert.pem as their CA)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"),
            *("-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def nginx_config(
    tmp: Path,
    *,
    upstream: str | list[str],
    https_port: int,
    http_port: int,
    static_root: Path,
    pinned: dict[int, str] | None = None,
) -> Path:
    """The site as shipped, with this machine's certificate, ports and folders; and a main
    configuration that includes it (as /etc/nginx/nginx.conf includes sites-enabled).

    `upstream` lists the application servers (each with the shipped line's parameters). `pinned`
    adds, for a test that must choose the server, an HTTPS port per server that reaches that one
    only: a copy of the shipped TLS server with its own upstream."""
    cert, key = certificate(tmp)
    site = SITE.read_text()
    shipped = SHIPPED_SERVER.search(site)
    assert shipped, "the shipped upstream lists 127.0.0.1:8000"
    indent, parameters = shipped.groups()
    servers = [upstream] if isinstance(upstream, str) else upstream
    site = site.replace(shipped.group(0), "\n".join(f"{indent}server {s}{parameters};" for s in servers))
    for shipped_text, here in {
        "/etc/ssl/labourplan/fullchain.pem": str(cert),
        "/etc/ssl/labourplan/privkey.pem": str(key),
        "/srv/labourplan/var/static/": f"{static_root}/",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
    }.items():
        assert shipped_text in site, shipped_text
        site = site.replace(shipped_text, here)
    site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)  # no IPv6 here
    tls = site[site.index(TLS_SERVER.replace("443", f"127.0.0.1:{https_port}")) :]
    for port, server in (pinned or {}).items():
        site += f"\nupstream labourplan_{port} {{\n    server {server};\n    keepalive 8;\n}}\n"
        site += tls.replace(f"127.0.0.1:{https_port} ssl", f"127.0.0.1:{port} ssl").replace(
            "proxy_pass http://labourplan_app;", f"proxy_pass http://labourplan_{port};"
        )
    (tmp / "site.conf").write_text(site)
    main = tmp / "nginx.conf"
    main.write_text(
        f"""
        user root;
        pid {tmp}/nginx.pid;
        error_log {tmp}/error.log;
        events {{ worker_connections 256; }}
        http {{
            include /etc/nginx/mime.types;
            access_log {tmp}/access.log;
            client_body_temp_path {tmp}/body;
            proxy_temp_path {tmp}/proxy;
            fastcgi_temp_path {tmp}/fastcgi;
            uwsgi_temp_path {tmp}/uwsgi;
            scgi_temp_path {tmp}/scgi;
            include {tmp}/site.conf;
        }}
        """
    )
    return main


def nginx() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    assert found, "Debian's nginx-light is needed: make nginx (or apt-get install nginx-light)"
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_nginx(main: Path, tmp: Path, port: int):
    """nginx in the foreground with `main`, until the block ends; ready once `port` accepts."""
    server = subprocess.Popen([nginx(), "-c", str(main), "-p", str(tmp), "-g", "daemon off;"])
    try:
        for _ in range(100):
            if server.poll() is not None:
                raise AssertionError(f"nginx stopped at once: {(tmp / 'error.log').read_text()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            time.sleep(0.1)
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


class _RepeatedKeys(dict):
    """systemd keeps every line of a key given several times (ExecStartPre=…): so does this, one
    value a line, where configparser would keep the last."""

    def __setitem__(self, key, value):
        if isinstance(value, list) and isinstance(self.get(key), list):
            value = self[key] + value
        super().__setitem__(key, value)


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, dict_type=_RepeatedKeys)
    parser.optionxform = str
    parser.read_string(path.read_text())
    return parser
