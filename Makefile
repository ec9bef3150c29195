# The two commands of the README. Both install what they need first (scripts/bootstrap.sh).
.PHONY: run test lint bench screenshots

run:
	@./scripts/run.sh

test:
	@./scripts/test.sh

lint:
	@./scripts/bootstrap.sh && .venv/bin/ruff check .

# The screenshots of docs/panduan.md, made by the browser test of a whole month and by the
# walk over every role's menu pages (docs/img/halaman/).
screenshots:
	@./scripts/bootstrap.sh && ./scripts/ensure-chromium.sh && \
	  UCJ_SCREENSHOTS=$(CURDIR)/docs/img .venv/bin/pytest -p no:xdist -q tests/e2e/test_month.py tests/e2e/test_pages.py
