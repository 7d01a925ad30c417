"""The pathway recommender on the demo data at district scale.

Builds the demo data for 30,000 staff in a fresh SQLite file, then prints, for the model and its
baselines (most popular, most popular in role, item-kNN, implicit's ALS), Recall@10, NDCG@10,
catalogue coverage and cold-start Recall@10 on a time-based split (each person's last completion
held out, the whole catalogue ranked); the training time; and the time to recommend for one person
(median and 95th percentile). Readable lines first, one JSON object as the last line. It measures;
it never asserts.

    .venv/bin/python benchmarks/recommender.py [--staff 30000] [--max-users 5000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from support import empty_schema, make_app

from academy import demo
from academy.extensions import db
from academy.recommender import data
from academy.recommender.evaluation import evaluate_with_baselines
from academy.recommender.model import PathwayRecommender

DAY = date(2026, 11, 23)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=30000)
    parser.add_argument("--max-users", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        app = make_app(f"sqlite:///{Path(folder) / 'bench.db'}")
        with app.app_context():
            empty_schema()
            started = time.perf_counter()
            demo.build(staff=args.staff, seed=args.seed, today=DAY)
            db.session.commit()
            print(f"demo data for {args.staff:,} staff built in {time.perf_counter() - started:.1f}s")

            interactions, users, items = data.interactions(), data.users(), data.items()
            print(f"{len(interactions):,} completions, {len(users):,} people, {len(items):,} courses")

            started = time.perf_counter()
            model = PathwayRecommender().fit(interactions, users, items)
            training_seconds = time.perf_counter() - started
            print(f"training on everything: {training_seconds:.2f}s")

            people = users["user_id"].sample(n=min(1000, len(users)), random_state=1).tolist()
            timings = []
            for person in people:
                started = time.perf_counter()
                model.recommend(person, k=10)
                timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            median_ms = statistics.median(timings)
            p95_ms = timings[int(len(timings) * 0.95) - 1]
            print(f"recommendation per person: median {median_ms:.2f} ms, p95 {p95_ms:.2f} ms")

            results = evaluate_with_baselines(interactions, users, items, k=10,
                                              max_users=args.max_users, seed=0)
    print(f"{'model':<22}{'recall@10':>10}{'ndcg@10':>10}{'coverage':>10}{'cold recall@10':>16}")
    for name, figures in results.items():
        print(f"{name:<22}{figures['recall@10']:>10.3f}{figures['ndcg@10']:>10.3f}"
              f"{figures['coverage']:>10.3f}{figures['cold_recall@10']:>16.3f}")
    best_baseline = max(v["ndcg@10"] for k, v in results.items() if k != "pathway")
    print(f"NDCG@10 of the model over the best baseline: {results['pathway']['ndcg@10'] / best_baseline:.3f}")
    print(json.dumps({
        "benchmark": "recommender", "staff": args.staff, "completions": len(interactions),
        "training_seconds": round(training_seconds, 2),
        "recommend_ms_median": round(median_ms, 3), "recommend_ms_p95": round(p95_ms, 3),
        "ndcg_ratio_to_best_baseline": round(results["pathway"]["ndcg@10"] / best_baseline, 3),
        "results": results,
    }))


if __name__ == "__main__":
    main()
