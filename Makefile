# The two commands of the README. Both install what they need first (scripts/bootstrap.sh).
.PHONY: run test lint bench

run:
	@./scripts/run.sh

test:
	@./scripts/test.sh

lint:
	@./scripts/bootstrap.sh && .venv/bin/ruff check .
