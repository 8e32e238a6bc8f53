# Two commands matter: `make run` and `make test`. Both build .venv from the lock file first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench lock clean translations messages lens coach-model

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Evenly needs Python 3.11 or newer; set PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

# Translations: each app's locale/<lang>/LC_MESSAGES/django.po compiles to a .mo beside it
# (polib, no GNU gettext needed), again whenever the .po changes.
PO_FILES := $(shell find src/evenly -path '*/locale/*/LC_MESSAGES/*.po')
MO_FILES := $(PO_FILES:.po=.mo)

translations: $(MO_FILES)

%.mo: %.po $(STAMP)
	DEBUG=1 $(BIN)/python manage.py compile_translations $<
	@touch $@

# Maintainers: gather every app's new texts into its .po files (all languages it has; a new
# one with `make messages LANG_CODE=fr`). Needs GNU gettext (xgettext, msgmerge):
# `apt install gettext` or `brew install gettext`.
messages: $(STAMP)
	@command -v xgettext >/dev/null || { echo "make messages needs GNU gettext (xgettext, msgmerge): apt install gettext, or brew install gettext"; exit 1; }
	@for dir in src/evenly/*/locale; do \
		app=$$(dirname $$dir); echo "$$app"; \
		(cd $$app && DEBUG=1 $(abspath $(BIN))/python $(CURDIR)/manage.py makemessages \
			$(if $(LANG_CODE),--locale $(LANG_CODE),--all) --extension html,txt,py \
			--add-location file --no-obsolete) || exit 1; \
	done

# `serve` runs the web server and the worker (background and scheduled tasks) together;
# Ctrl-C stops both, and if one of them stops, so does the other (saying which).
run: $(STAMP) translations
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py demo
	DEBUG=1 $(BIN)/python manage.py serve 127.0.0.1:8000

# PYTEST_ARGS narrows a run (CI runs the browser journeys and the API fuzz once, on SQLite:
# -m "not browser and not api_fuzz" on PostgreSQL).
test: $(STAMP) translations lint
	DEBUG=1 DB_CONN_MAX_AGE=0 $(BIN)/pytest $(PYTEST_ARGS)

# mypy's django-stubs plugin imports the settings, which need DEBUG=1 (or production secrets).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python benchmarks/coach.py
	$(BIN)/python benchmarks/deal.py
	$(BIN)/python benchmarks/web
	$(BIN)/python benchmarks/load.py
	$(BIN)/python benchmarks/structure.py
	$(BIN)/python benchmarks/pulse.py
	$(BIN)/python benchmarks/calendar_feeds.py
	$(BIN)/python benchmarks/reminders.py
	$(BIN)/python benchmarks/first_hour.py

# GEST's dev.csv, which lives outside the repository: the data the lens and the coach's model
# are trained on. The tools find it beside the repository (tools/gest.py); GEST_DEV=/path/dev.csv
# to use another copy.

# The stereotype lens: rebuild src/evenly/core/data/lens_model.npz from GEST's dev.csv and check
# it is byte-identical to the committed one (its sha256 is data/lens_model.sha256). Needs only
# the venv (numpy, onnxruntime).
lens: $(STAMP)
	PYTHONPATH=src $(BIN)/python tools/lens_train.py --check $(if $(GEST_DEV),--data "$(GEST_DEV)")

# The coach's learned model: rebuild src/evenly/core/data/coach_model.csv from the labelled
# sentences and GEST, and check it is byte for byte the committed one. After changing the data
# or the training on purpose:
# `sha256sum src/evenly/core/data/coach_model.csv > src/evenly/core/data/coach_model.sha256`.
coach-model: $(STAMP)
	PYTHONPATH=src $(BIN)/python tools/coach_model.py $(if $(GEST_DEV),--gest "$(GEST_DEV)")
	sha256sum --check src/evenly/core/data/coach_model.sha256

# Maintainers: refresh the lock after changing dependencies in pyproject.toml (needs `uv`).
lock:
	uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 --generate-hashes -o requirements.lock

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache .import_linter_cache .grimp_cache
