# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py

.PHONY: run serve test test-fast cluster-test lint check-migrations security install install-dev setup demo messages lock browser poppler libreoffice nginx clean bench-data bench load backup restore

PORT ?= 8000

# The background worker (exports, the notification outbox) runs beside the server and stops with it.
# It does not reload on code changes as the server does: stop and start `make run` after changing one.
run: setup ## Install, migrate, load reference and demo data, serve on http://127.0.0.1:8000 with the background worker (another port: make run PORT=8001)
	@echo "Serving on http://127.0.0.1:$(PORT)/ with the background worker (stop both with Ctrl+C)"
	$(MANAGE) schedule_notifications
	@$(MANAGE) db_worker --no-reload --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

var/static:
	mkdir -p $@

setup: install | var/static
	$(MANAGE) compilemessages --ignore=$(VENV) -v 0
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The browser tests drive Debian's Chromium; Playwright's own browser download cannot work here.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium package (sudo apt-get install chromium) for the browser tests." >&2; exit 1; fi; }

# The PDF tests read the generated documents back with poppler's pdftotext and pdftoppm.
poppler:
	@command -v pdftotext >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; \
	  else echo "Install Debian's poppler-utils package (sudo apt-get install poppler-utils) for the PDF tests." >&2; exit 1; fi; }

# The deployment kit's tests run Debian's nginx in front of the application (tests/test_deploy.py).
nginx:
	@{ command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; \
	  else echo "Install Debian's nginx-light package (sudo apt-get install nginx-light) for the deployment tests." >&2; exit 1; fi; }

# The Excel tests open and save the exported forms in LibreOffice Calc, as officers do.
# Calc opens and saves the workbooks and the CSV, Writer prints the Form 3 Word file (libswlo.so is Writer's).
libreoffice:
	@{ command -v soffice >/dev/null 2>&1 && test -e /usr/lib/libreoffice/program/libswlo.so; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc libreoffice-writer-nogui >/dev/null; \
	  else echo "Install Debian's libreoffice-calc and libreoffice-writer-nogui packages for the Excel and Word tests." >&2; exit 1; fi; }

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check-migrations: install | var/static
	$(MANAGE) makemigrations --check --dry-run

# bandit on the application; pip-audit on the pinned dependencies. Findings fail unless accepted
# with a reason (`# nosec BXXX: why` on the line; tools/pip-audit-accepted.txt).
security: install-dev
	$(BIN)/bandit -c pyproject.toml -r labourplan -q
	$(PY) tools/pip_audit.py

test: install-dev browser poppler libreoffice nginx lint check-migrations security | var/static ## Lint, migration and security checks, unit, integration and browser tests
	$(MANAGE) compilemessages --ignore=$(VENV) -v 0
	$(BIN)/pytest

# The edit loop: everything but the browser tests and the API fuzzing (no lint, no security scan).
test-fast: install-dev | var/static ## Unit and integration tests without the browser and the fuzzing
	$(MANAGE) compilemessages --ignore=$(VENV) -v 0
	$(BIN)/pytest -m "not browser and not fuzz and not cluster"

# Two application servers behind nginx, sharing PostgreSQL, Redis and the private files; one is
# stopped under load (tests/test_cluster.py, also part of `make test` on PostgreSQL). DATABASE_URL
# names the PostgreSQL server (the test makes and drops a database of its own there); Redis db 12.
cluster-test: install-dev nginx | var/static ## The multi-server test alone (PostgreSQL, Redis and nginx on this machine)
	$(MANAGE) compilemessages --ignore=$(VENV) -v 0
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}" $(BIN)/pytest -m cluster

messages: install-dev ## Refresh the Thai translation catalogue after changing user-facing text
	$(MANAGE) makemessages -l th --ignore=$(VENV) --no-obsolete --no-wrap --add-location file

lock: install-dev ## Re-pin dependencies (no index or local path is written to the lock files)
	$(PY) -m pip install -q pip-tools
	$(BIN)/pip-compile -q --no-emit-index-url --no-emit-find-links --no-emit-trusted-host --strip-extras -o requirements.txt requirements.in
	$(BIN)/pip-compile -q --no-emit-index-url --no-emit-find-links --no-emit-trusted-host --strip-extras -o requirements-dev.txt requirements-dev.in

backup: install ## Back up the database and the uploaded files: make backup DIR=/path/to/a/new/folder [FORMAT=pg]
	@test -n "$(DIR)" || { echo "Give the folder: make backup DIR=/path/to/a/new/folder" >&2; exit 1; }
	$(MANAGE) backup "$(DIR)" --format=$(or $(FORMAT),xml)

restore: install ## Replace the database and the uploaded files with a backup: make restore DIR=/path/to/backup
	@test -n "$(DIR)" || { echo "Give the folder: make restore DIR=/path/to/backup" >&2; exit 1; }
	$(MANAGE) migrate --noinput
	$(MANAGE) restore "$(DIR)"

bench-data: install-dev | var/static ## Build the benchmark's data sets (10 years × 77 provinces × 60 activities, smaller ones, and 770 reporting units) in var/bench/ and PostgreSQL
	$(PY) -m bench.run --generate-only

bench: install-dev | var/static ## Measure the key pages on SQLite and PostgreSQL; writes bench/results.json and bench/RESULTS.md
	$(PY) -m bench.run

load: install-dev | var/static ## Deadline-day load test: gunicorn (production settings), PostgreSQL, locust; writes bench/LOAD.md
	$(PY) -m bench.load

clean:
	rm -rf $(VENV) var
