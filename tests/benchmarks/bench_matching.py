"""How fast and how well mentees are matched with mentors: `make bench`.

Runs as a script (pytest does not collect bench_*.py) and needs no Django: the core in
programmes/matching.py is plain Python over NumPy and SciPy. For random instances of 1,000
mentees × 500 mentors (capacities 1–3, about 10 % of pairs forbidden, scores 0–100), over three
seeds, it prints the time of `assign` (the median of three runs) and of `greedy`, and what each
achieves: mentees matched and the total score. `assign` must stay under 2 s; the script exits
with an error when it does not.
"""

import random
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
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
    sys.path.insert(0, str(BASE_DIR))
    from programmes.matching import assign, greedy, outcome

    print(f"Подбор: {MENTEES} наставляемых × {MENTORS} наставников, места 1–3, "
          f"запрещённых пар ≈{FORBIDDEN:.0%}, баллы 0–100")  # fmt: skip
    print()
    header = (
        f"{'сид':>3} {'assign, с':>10} {'greedy, с':>10} "
        f"{'пар opt':>8} {'пар greedy':>11} {'баллы opt':>11} {'баллы greedy':>13}"
    )
    print(header)
    print("-" * len(header))
    slowest = 0.0
    for seed in SEEDS:
        scores, capacities = instance(seed)
        runs = [timed(assign, scores, capacities) for _ in range(RUNS)]
        seconds = statistics.median(run[0] for run in runs)
        slowest = max(slowest, seconds)
        greedy_seconds, picked = timed(greedy, scores, capacities)
        best, one_by_one = outcome(scores, runs[0][1]), outcome(scores, picked)
        print(
            f"{seed:>3} {seconds:>10.3f} {greedy_seconds:>10.3f} {best.matched:>8} "
            f"{one_by_one.matched:>11} {best.total:>11.1f} {one_by_one.total:>13.1f}"
        )
    print()
    if slowest >= LIMIT_SECONDS:
        print(f"assign медленнее {LIMIT_SECONDS} с: {slowest:.2f} с")
        return 1
    print(f"assign укладывается в {LIMIT_SECONDS} с (самый медленный сид: {slowest:.2f} с)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
