"""How fast and how well mentees are matched with mentors: `make bench`.

Runs as a script (pytest does not collect bench_*.py) and needs no Django: the core in
programmes/matching.py is plain Python over NumPy and SciPy. For random instances of 1,000
mentees × 500 mentors (capacities 1–3, about 10 % of pairs forbidden, scores 0–100), over three
seeds, it times `assign` (the median of three runs) and `greedy`, and compares what each
achieves: mentees matched and the total score. The slowest seed goes to the final table of
`make bench` (section «Подбор»). `assign` must stay under 2 s; the script exits with an error
when it does not.
"""

import random
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR))

from tests.benchmarks.harness import duration, number, record  # noqa: E402

MENTEES, MENTORS = 1_000, 500
FORBIDDEN = 0.10
SEEDS = (1, 2, 3)
RUNS = 3
LIMIT_SECONDS = 2.0


def instance(seed: int) -> tuple[list[list[float | None]], list[int]]:
    rng = random.Random(seed)
    scores = [
        [None if rng.random() < FORBIDDEN else rng.uniform(0, 100) for _ in range(MENTORS)]
        for _ in range(MENTEES)
    ]
    capacities = [rng.randint(1, 3) for _ in range(MENTORS)]
    return scores, capacities


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def main() -> int:
    from programmes.matching import assign, greedy, outcome

    print(f"Подбор: {number(MENTEES)} × {number(MENTORS)}…")
    slowest = None
    for seed in SEEDS:
        scores, capacities = instance(seed)
        runs = [timed(assign, scores, capacities) for _ in range(RUNS)]
        seconds = statistics.median(run[0] for run in runs)
        greedy_seconds, picked = timed(greedy, scores, capacities)
        best, one_by_one = outcome(scores, runs[0][1]), outcome(scores, picked)
        if slowest is None or seconds > slowest[0]:
            slowest = seconds, greedy_seconds, best, one_by_one
    seconds, greedy_seconds, best, one_by_one = slowest
    size = f"{number(MENTEES)} наставляемых × {number(MENTORS)} наставников"
    record(
        "Подбор",
        f"assign (оптимальный подбор): {size}",
        large=duration(seconds),
        note=f"пар {number(best.matched)}, сумма баллов {number(best.total)}; "
        f"медиана {RUNS} запусков, худший из {len(SEEDS)} случайных наборов; "
        f"предел {number(LIMIT_SECONDS)} с",
    )
    record(
        "Подбор",
        f"greedy (поочерёдный подбор): {size}",
        large=duration(greedy_seconds),
        note=f"пар {number(one_by_one.matched)}, сумма баллов {number(one_by_one.total)} — "
        "для сравнения с assign",
    )
    if seconds >= LIMIT_SECONDS:
        print(f"assign медленнее {number(LIMIT_SECONDS)} с: {duration(seconds)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
