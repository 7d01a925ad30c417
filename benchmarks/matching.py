"""Mentoring matching at scale: the exact solver against the plain assignment and a greedy baseline.

For 200 x 100, 1,000 x 400 and 2,000 x 500 (rows: partners; columns: senior leaders with
capacities from 1 to 4; about one pair in ten ruled out by the hard rules), in the same run:

- `solve` (academy.mentoring.matching): the most pairs, then the highest total score, exact;
- `scipy.optimize.linear_sum_assignment` on the same score matrix: the plain one-to-one
  assignment, which knows neither capacities nor forbidden pairs (the reference for speed);
- a greedy baseline (best remaining allowed pair first), with its gap in pairs and total score;
- the scores themselves: `academy.mentoring.scoring.score_table` on random profiles.

Prints readable lines, then one JSON object as the last line. It measures; it never asserts on time.

    .venv/bin/python benchmarks/matching.py [--repeat 5] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from academy.mentoring.matching import greedy, solve, total_score  # noqa: E402
from academy.mentoring.scoring import BANDS, MODES, SLOTS, Profile, Weights, score_table  # noqa: E402

SIZES = [(200, 100), (1000, 400), (2000, 500)]
WORDS = ("community leadership dementia finance coaching recruitment youth music digital carers "
         "faith sport inclusion wellbeing governance research mental health quality").split()


def timed(repeat: int, func, *args, **kwargs) -> tuple[float, object]:
    """The median time of repeated calls, and the result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func(*args, **kwargs)
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def profiles(rng: np.random.Generator, count: int) -> list[Profile]:
    out = []
    for _ in range(count):
        mask = 0
        for bit in rng.choice(len(SLOTS), size=rng.integers(2, 7), replace=False):
            mask |= 1 << int(bit)
        out.append(Profile(
            goals=frozenset(int(g) for g in rng.choice(14, size=rng.integers(2, 5), replace=False)),
            text=" ".join(rng.choice(WORDS, size=rng.integers(4, 12))),
            availability=mask, mode=MODES[int(rng.integers(3))],
            latitude=53.6 + float(rng.random()) / 5, longitude=-1.6 + float(rng.random()) / 5,
            band=BANDS[int(rng.integers(len(BANDS)))], priority=bool(rng.random() < 0.3),
        ))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    results = []
    for m, n in SIZES:
        rows, columns = profiles(rng, m), profiles(rng, n)
        scoring_seconds, table = timed(max(1, args.repeat // 2), score_table, rows, columns,
                                       Weights(priority_bonus=5))
        score = table.total
        capacity = rng.integers(1, 5, size=n)
        allowed = rng.random((m, n)) >= 0.1
        solve_seconds, pairs = timed(args.repeat, solve, score, capacity, allowed)
        plain_seconds, (r, _) = timed(args.repeat, linear_sum_assignment, score, maximize=True)
        greedy_seconds, greedy_pairs = timed(args.repeat, greedy, score, capacity, allowed)
        exact_total = total_score(score, pairs)
        greedy_total = total_score(score, greedy_pairs)
        row = {
            "rows": m, "columns": n, "places": int(capacity.sum()),
            "scoring_seconds": round(scoring_seconds, 4),
            "solve_seconds": round(solve_seconds, 4),
            "linear_sum_assignment_seconds": round(plain_seconds, 4),
            "greedy_seconds": round(greedy_seconds, 4),
            "pairs": len(pairs), "greedy_pairs": len(greedy_pairs),
            "plain_assignment_pairs": int(len(r)),
            "total_score": round(exact_total, 2), "greedy_total_score": round(greedy_total, 2),
            "greedy_gap_percent": round(100 * (exact_total - greedy_total) / exact_total, 3)
            if exact_total else 0.0,
        }
        results.append(row)
        print(f"{m} x {n} ({row['places']} places): scores {scoring_seconds:.3f}s; solve "
              f"{solve_seconds:.3f}s for {len(pairs)} pairs; linear_sum_assignment (one-to-one, "
              f"no rules) {plain_seconds:.3f}s; greedy {greedy_seconds:.3f}s for "
              f"{len(greedy_pairs)} pairs, {row['greedy_gap_percent']}% below the optimum "
              f"({greedy_total:.2f} against {exact_total:.2f})")
    print(json.dumps({"benchmark": "matching", "seed": args.seed, "repeat": args.repeat,
                      "results": results}))


if __name__ == "__main__":
    main()
