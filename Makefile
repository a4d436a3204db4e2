# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper.
.PHONY: run test setup lint format bench-geojson

run:
	scripts/run.sh

test:
	scripts/test.sh

setup:
	scripts/setup.sh --test

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .
