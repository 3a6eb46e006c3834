# Two commands for a fresh Debian/Ubuntu machine with Python 3.11+ and make:
#   make lab    set up .venv, install the course, open JupyterLab on the index notebook
#   make test   set up .venv, install the course and test tools, run the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup lab notebook lint test bench check nav keys mutate mutmut pins clean

# The versions the tests ran with are pinned in requirements.lock (and environment.yml for Binder):
# setup installs them; 'make pins' upgrades everything and rewrites both files.
$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

LAB_ARGS ?=
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: setup
	$(VENV)/bin/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=$(CURDIR) $(LAB_ARGS) notebooks/00-index.ipynb

# The classic one-notebook-per-tab interface (Notebook 7), same root and index.
notebook: setup
	$(VENV)/bin/jupyter notebook $(ROOT_FLAG) --ServerApp.root_dir=$(CURDIR) $(LAB_ARGS) notebooks/00-index.ipynb

# Static checks, both at 0: ruff (rules chosen in pyproject.toml) over the Python files, mypy over src/lessons.
# eslint for the widgets' JavaScript (src/lessons/notebook/*.js): versions pinned in package-lock.json, rules in
# eslint.config.mjs; needs node and npm (Debian: apt-get install nodejs npm).
node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

lint: setup node_modules/.installed
	$(PY) -m ruff check
	$(PY) -m mypy
	npx --no-install eslint --max-warnings 0 src/lessons/notebook

test: setup lint
	@$(PY) -c 'import sys; print("== tests run on Python", sys.version.split()[0], "(" + sys.executable + ")")'
	$(PY) -m pytest --cov=lessons --cov-report=term:skip-covered
	$(PY) tools/coverage_floor.py

# Deliberate mistakes in the grading numbers that the fast tests must catch (a tool, not part of make test).
mutate: setup
	$(PY) tools/mutate.py

# mutmut (PyPI) over scoring, the kinds' checking code and the item statistics; configured in pyproject.toml.
MUTANTS ?= lessons.core.scoring.* *ǁscore__* *ǁcheck__* *ǁfits__* *ǁanswer_problem__* *ǁaccepts__* *ǁrecorded__* \
	*ǁoption_labels__* lessons.core.kinds.base.x_is_empty* lessons.core.kinds.base.x_ratio_outcome* \
	lessons.core.kinds.base.x_chosen_labels* lessons.core.kinds.number.x_* lessons.teacher.grading.policy.x_pick_answer* \
	lessons.teacher.grading.policy.xǁScoreCacheǁ* \
	lessons.teacher.grading.statistics.*
mutmut: setup
	$(PY) -m pip install --quiet -e ".[mutate]"
	rm -rf mutants
	$(VENV)/bin/mutmut run --max-children 2 $(foreach m,$(MUTANTS),'$(m)') || true
	$(VENV)/bin/mutmut results

bench: setup
	$(PY) bench/run.py

check: setup
	$(VENV)/bin/lessons check

nav: setup
	$(PY) tools/navigation.py notebooks
	$(PY) tools/notebook_form.py notebooks

pins: setup
	$(PY) -m pip install --quiet --upgrade --upgrade-strategy eager -c tools/floor-constraints.txt -e ".[test]"
	$(PY) tools/pins.py
	touch $(STAMP)

clean:
	rm -rf $(VENV) build dist test-artifacts node_modules
