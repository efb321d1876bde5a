"""The one table `make bench` ends with: every row the benchmarks recorded (harness.record) in
var/bench/results.jsonl, as a Markdown table grouped by section in the order the sections first
appeared, ready to paste into a note. Exits with an error when nothing was recorded."""

import json
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR))

from tests.benchmarks.harness import CELLS, RESULTS  # noqa: E402

HEADER = [
    "Раздел",
    "Что",
    "1 школа",
    "200 школ × 100 чел.",
    "Админка (200 × 100)",
    "Наше / админка",
    "Примечание",
]
EMPTY = "—"


def cell(value) -> str:
    """A cell's text on one line, with the characters that would break the table escaped."""
    text = " ".join(str(value or "").split())
    return text.replace("|", "\\|") or EMPTY


def grouped(rows: list[dict]) -> list[dict]:
    """The rows by section, sections in the order they first appear, rows in recorded order."""
    sections: dict[str, list[dict]] = {}
    for row in rows:
        sections.setdefault(row.get("section", ""), []).append(row)
    return [row for section_rows in sections.values() for row in section_rows]


def table(rows: list[dict]) -> str:
    lines = [
        "| " + " | ".join(HEADER) + " |",
        "|" + "|".join(["---"] * 2 + ["---:"] * 4 + ["---"]) + "|",
    ]
    for row in grouped(rows):
        cells = [row.get("section"), row.get("what"), *(row.get(name) for name in CELLS)]
        lines.append("| " + " | ".join(cell(value) for value in cells) + " |")
    return "\n".join(lines)


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as results:
        return [json.loads(line) for line in results if line.strip()]


def main() -> int:
    rows = read(RESULTS) if RESULTS.exists() else []
    if not rows:
        print(f"Замеров нет: файл {RESULTS} пуст или не создан. Запустите `make bench`.")
        return 1
    print()
    print(table(rows))
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
