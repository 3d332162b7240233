# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: setup setup-dev run test test-fast browser bench grade eval eval-holdout lint clean

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

setup: $(VENV)/.runtime

setup-dev: $(VENV)/.dev

## run: install, load the bundled sample articles into an empty database, start the dashboard
run: setup
	$(PY) -m core load-samples
	$(PY) -m streamlit run app.py --server.port $(PORT)

## browser: Debian's chromium for the end-to-end tests (Playwright drives it; no browser download)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

## test: install what the tests need (browser included) and run them all
test: setup-dev browser
	$(PY) -m pytest -q -n 2 --dist worksteal

## test-fast: everything except the browser and slow tests
test-fast: setup-dev
	$(PY) -m pytest -q -n 2 --dist worksteal -m "not browser and not slow"

grade: setup
	../shared/eval/grade ../shared/seeds/sora_axa_spdb_2024-02-28.txt ../shared/eval/seed_gold.yaml

## eval: the development set (../shared/eval/dev), per file and per kind of gold item
eval: setup
	$(PY) bench/eval_report.py ../shared/eval/dev

## eval-holdout: our held-out articles (bench/holdout), graded the same way
eval-holdout: setup
	$(PY) bench/eval_report.py bench/holdout

bench: setup-dev
	$(PY) ../shared/bench/numbers/score.py --baseline quantulum3
	$(PY) ../shared/bench/sentiment/score.py --set all --baseline vader
	$(PY) bench/ingest.py
	$(PY) bench/sentiment_speed.py

lint: setup-dev
	$(PY) -m ruff check core tests bench app.py ui pages
	$(PY) -m mypy core

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache .mypy_cache
