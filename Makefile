# egov-kz: the two commands that matter are `make report` and `make test`.
# Both create and fill the local virtual environment .venv when it is missing.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml requirements/constraints.txt | cksum | cut -d' ' -f1)

.PHONY: report book test test-fast lint notebooks checksums validate lock clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

## Build the whole report (executes every notebook headlessly with papermill), then its book:
## open reports/latest/book/index.html.
report: $(STAMP)
	$(BIN)/egov report
	$(BIN)/python -m egovlib._book --report reports/latest

## Rebuild the book only, in seconds, without executing anything: from the last complete report, or
## from another report folder (make book REPORT=reports/<run-id>, e.g. a --grid run) or from the
## committed notebooks (make book REPORT=notebooks, written to reports/book-notebooks/).
REPORT ?= reports/latest
book: $(STAMP)
	$(BIN)/python -m egovlib._book --report $(REPORT)

## Run the whole test suite: library, data, importer, conflicts, claims, nbval on notebooks.
test: $(STAMP)
	$(BIN)/python -m pytest tests notebooks --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg

## The tests that execute no notebook (library, data, command line, runner's refusals): under 2 minutes.
test-fast: $(STAMP)
	$(BIN)/python -m pytest tests -m "not slow" -q

lint: $(STAMP)
	$(BIN)/ruff check egovlib tests benchmarks conftest.py

## Re-execute the notebooks in place (fresh stored outputs for nbval) and rewrite their .py mirrors.
notebooks: $(STAMP)
	$(BIN)/egov notebooks

## After editing a CSV in data/: record its new sha256 in data/datapackage.json.
checksums: $(STAMP)
	$(BIN)/egov checksums

## Check every dataset as the library loads it: checksum, schema, invariants (every problem listed).
validate: $(STAMP)
	$(BIN)/egov validate

lock: $(STAMP)
	(head -3 requirements/constraints.txt; $(BIN)/python -m pip freeze --exclude-editable) > requirements/constraints.new && mv requirements/constraints.new requirements/constraints.txt

clean:
	rm -rf $(VENV) reports .pytest_cache
