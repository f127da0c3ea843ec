"""What the harness covered, printed at the end of the run: axe-checked pages, permission-matrix
cells, generated inputs.

Loaded as a pytest plugin (``pytest_plugins`` in tests/conftest.py). Under pytest-xdist each
worker counts its own tests and hands its figures to the controller when it finishes
(``workeroutput``), so the totals printed are the whole run's, however many workers ran it.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

COUNTS: Counter[str] = Counter()
LINES: defaultdict[str, list[str]] = defaultdict(list)
_WORKER_KEY = "harness_report"


def record(what: str, n: int = 1, line: str | None = None) -> None:
    """Add ``n`` to the ``what`` counter, and ``line`` to its listing when given."""
    COUNTS[what] += n
    if line is not None:
        LINES[what].append(line)


def summary(*, listings: bool = True) -> list[str]:
    """The figures as printable lines: ``"what: n"``, each followed by its sorted listing when
    ``listings`` is true."""
    out = []
    for what, n in sorted(COUNTS.items()):
        out.append(f"{what}: {n}")
        if listings:
            out.extend(f"    {line}" for line in sorted(LINES.get(what, [])))
    return out


def pytest_sessionfinish(session):
    """On an xdist worker: send this worker's figures to the controller."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput[_WORKER_KEY] = json.dumps({"counts": COUNTS, "lines": LINES})


@pytest.hookimpl(optionalhook=True)  # an xdist hook: absent when run with -p no:xdist
def pytest_testnodedown(node, error):
    """On the xdist controller: add up the figures of a worker that has finished."""
    data = getattr(node, "workeroutput", {}).get(_WORKER_KEY)
    if data:
        figures = json.loads(data)
        COUNTS.update(figures["counts"])
        for what, lines in figures["lines"].items():
            LINES[what].extend(lines)


def pytest_terminal_summary(terminalreporter, config):
    """Print the figures (on the controller only, once for the whole run); the listings (every
    page-state swept, with its URL) go to test-artifacts/harness-coverage.txt."""
    if hasattr(config, "workerinput") or not COUNTS:
        return
    report = Path(config.rootpath) / "test-artifacts" / "harness-coverage.txt"
    report.parent.mkdir(exist_ok=True)
    report.write_text("\n".join(summary()) + "\n", encoding="utf-8")
    terminalreporter.section("harness coverage")
    for line in summary(listings=False):
        terminalreporter.write_line(line)
    terminalreporter.write_line(f"(listings: {report.relative_to(config.rootpath)})")
