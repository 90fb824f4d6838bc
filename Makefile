# Every target creates .venv on first use and installs the project from this repo's own files.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test demo run bench clean-data

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): pyproject.toml setup.py cleaning/repeat_kernels.pyx | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest -q

demo: $(STAMP)
	$(BIN)/defnews demo --out data/demo
	$(BIN)/defnews report data/demo -o data/demo/report.html

run: $(STAMP)
	$(BIN)/defnews crawl --all --out data

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_collapse.py
	$(BIN)/python benchmarks/repeat_legit_web.py
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_crawl.py
	$(BIN)/python benchmarks/bench_archive.py

clean-data:
	rm -rf data/demo data/articles data/raw
