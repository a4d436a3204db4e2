# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper.
.PHONY: run test setup lint format bench-geojson serve bench-load

run:
	scripts/run.sh

test:
	scripts/test.sh

setup:
	scripts/setup.sh --test

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && scripts/lint-js.sh

format:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .

# Production server (gunicorn + WhiteNoise) on 127.0.0.1:8000: docs/deploy.md.
serve:
	scripts/serve.sh

# 200 clients for 60 s against the production server with 10,000 events (bench/bench_load.py).
bench-load:
	.venv/bin/python bench/bench_load.py
