"""What the harness covered, printed at the end of the run (see ``pytest_terminal_summary`` in
tests/conftest.py): axe-checked URLs, permission-matrix cells, generated inputs."""

from __future__ import annotations

from collections import Counter, defaultdict

COUNTS: Counter[str] = Counter()
LINES: defaultdict[str, list[str]] = defaultdict(list)


def record(what: str, n: int = 1, line: str | None = None) -> None:
    """Add ``n`` to the ``what`` counter, and ``line`` to its listing when given."""
    COUNTS[what] += n
    if line is not None:
        LINES[what].append(line)


def summary() -> list[str]:
    out = []
    for what, n in sorted(COUNTS.items()):
        out.append(f"{what}: {n}")
        out.extend(f"    {line}" for line in LINES.get(what, []))
    return out
