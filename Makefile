# Two commands do all the set-up on a fresh machine with Python 3.11:
#   make run   installs the app's packages in .venv and starts the app on http://localhost:8501
#   make test  installs the test packages in .venv and runs every test
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
PORT ?= 8501

.PHONY: run test check lint install install-dev browser postgres pdftools gettext strace nginx compose messages schema bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# the packages, then the project itself, editable (pyproject.toml: its code imports from
# anywhere, `ai-balance` runs the command line; its build tool, setuptools, from PyPI)
$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# $(call debian,PACKAGE,COMMAND THAT SUCCEEDS WHEN PRESENT,WHAT NEEDS IT): install a Debian
# package when missing and we may (root and apt-get); otherwise say what will be skipped.
define debian
	@if $(2) >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "installing Debian's $(1) for $(3)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; \
	else \
		echo "$(1) is not installed and cannot be installed here (needs root and apt-get):" \
		     "$(3) will be skipped"; \
	fi
endef

# The browser tests use Debian's chromium (never a browser downloaded by Playwright); skipped
# without it, and failing under CI=true.
browser:
	$(call debian,chromium,command -v chromium,the browser tests)

# The library's tests run on SQLite and on a PostgreSQL server they start themselves from
# Debian's postgresql package; its cases are skipped without it, and fail under CI=true.
# TEST_DATABASE_URL points them at an existing server instead.
postgres:
	$(call debian,postgresql,ls /usr/lib/postgresql/*/bin/pg_ctl,the PostgreSQL cases of the library tests)

# The dossier's PDF tests read the PDF with pdftotext and pdftoppm (Debian's poppler-utils).
pdftools:
	$(call debian,poppler-utils,command -v pdftotext,the dossier's PDF tests)

# The French catalogue's check uses GNU gettext's msgfmt --check-format (Debian's gettext).
gettext:
	$(call debian,gettext,command -v msgfmt,the catalogue's msgfmt check)

# The dossier's offline test watches every connection attempt with strace (Debian's strace).
strace:
	$(call debian,strace,command -v strace,the dossier's no-network test)

# The deployment's tests (tests/test_deploy.py, tests/test_servers.py) run Debian's nginx as
# the reverse proxy in front of two app servers, and check deploy/compose.yaml with Debian's
# docker-compose (its `config` needs no Docker daemon).
nginx:
	$(call debian,nginx,test -x /usr/sbin/nginx,the reverse proxy's tests)

compose:
	$(call debian,docker-compose,command -v docker-compose,the Compose file's check)

# Extract every text into locale/messages.pot and merge it into the French catalogue
# (locale/fr/LC_MESSAGES/messages.po); then lists what still needs a translation.
messages: install-dev
	$(BIN)/python -m tools.messages update

# Write the scenario's JSON Schema again from its types (calculators/scenario/input_types.py).
schema: install
	$(BIN)/python -m calculators.scenario.input_types

# cli.serve checks the login's configuration first (a secrets file that cannot be read stops it)
# and, without a login, listens on 127.0.0.1 only (ADDRESS=0.0.0.0 then needs a login, or
# APP_DEMO_NO_LOGIN=everyone-is-administrator for a declared demonstration)
ADDRESS ?= 127.0.0.1
run: install
	$(BIN)/python -m cli.serve --server.port $(PORT) --server.address $(ADDRESS) --server.headless true

test: lint browser postgres pdftools gettext strace nginx compose
	$(BIN)/python -m pytest

# pyflakes, bugbear and blind excepts at zero, and the types of the core and the store (mypy),
# settings in pyproject.toml: part of make test, so of CI
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/python -m mypy calculators store

# the quick loop: the lint, then every test but the browser's, the servers' and the login's,
# on two processes (pytest-xdist; about 2 minutes here; make test runs them all, one by one)
check: lint
	$(BIN)/python -m pytest -q -n 2 --ignore=tests/test_browser.py --ignore=tests/test_servers.py \
		--ignore=tests/test_login.py

bench: install-dev
	$(BIN)/python bench/bench_core.py
	$(BIN)/python bench/bench_uncertainty.py
	$(BIN)/python bench/bench_app.py
	$(BIN)/python bench/bench_library.py
	$(BIN)/python bench/bench_library_large.py
	$(BIN)/python bench/bench_dossier.py
	$(BIN)/python bench/bench_server.py
	$(BIN)/python bench/bench_server.py --servers 1,2 --sessions 1,10,25,50
	$(BIN)/python bench/bench_lines.py
	$(BIN)/python bench/bench_register.py --visitors 1,40,100
	$(BIN)/python bench/bench_results.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis test-output
