"""Offline evaluation: a time-based split, ranking metrics, and the baselines to beat."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from academy.recommender.model import PathwayRecommender, Recommendation


@dataclass
class Split:
    train: pd.DataFrame
    held_out: dict  # user id -> set of item ids completed last
    cold_users: dict  # user id -> set of item ids (none of their history is in train)


def time_split(interactions: pd.DataFrame, *, holdout: int = 1, cold_share: float = 0.1,
               seed: int = 0) -> Split:
    """Hold out each person's last completions; hide a share of people entirely (cold start)."""
    frame = interactions.sort_values(["user_id", "timestamp"], kind="stable")
    rng = np.random.default_rng(seed)
    users = frame["user_id"].unique()
    cold = set(rng.choice(users, size=int(len(users) * cold_share), replace=False).tolist()) if len(users) else set()
    cold_users = {
        user: set(group["item_id"]) for user, group in frame[frame["user_id"].isin(cold)].groupby("user_id")
    }
    warm = frame[~frame["user_id"].isin(cold)]
    position = warm.groupby("user_id").cumcount(ascending=False)
    counts = warm.groupby("user_id")["item_id"].transform("size")
    test_mask = (position < holdout) & (counts > holdout)
    held_out = {user: set(group["item_id"]) for user, group in warm[test_mask].groupby("user_id")}
    return Split(train=warm[~test_mask], held_out=held_out, cold_users=cold_users)


def recall_at(recommended: list, relevant: set, k: int) -> float:
    if not relevant:
        return 0.0
    return len(set(recommended[:k]) & relevant) / len(relevant)


def ndcg_at(recommended: list, relevant: set, k: int) -> float:
    if not relevant:
        return 0.0
    dcg = sum(1.0 / math.log2(rank + 2) for rank, item in enumerate(recommended[:k]) if item in relevant)
    ideal = sum(1.0 / math.log2(rank + 2) for rank in range(min(k, len(relevant))))
    return dcg / ideal


class MostPopular:
    """Everyone gets the most completed courses they have not done."""

    def fit(self, interactions, users=None, items=None):
        self.ranking = interactions["item_id"].value_counts().index.tolist()
        self.done = interactions.groupby("user_id")["item_id"].apply(set).to_dict()
        return self

    def _rank(self, user_id, ranking, k):
        done = self.done.get(user_id, set())
        picked = [i for i in dict.fromkeys(ranking) if i not in done][:k]
        return [Recommendation(item, float(k - n), "popular") for n, item in enumerate(picked)]

    def recommend(self, user_id, k: int = 10):
        return self._rank(user_id, self.ranking, k)


class MostPopularInRole(MostPopular):
    """The most completed courses among people in the same role."""

    def fit(self, interactions, users=None, items=None):
        super().fit(interactions)
        self.role_of = users.set_index("user_id")["role"].to_dict() if users is not None and "role" in users else {}
        with_role = interactions.assign(role=interactions["user_id"].map(self.role_of))
        self.by_role = {
            role: group["item_id"].value_counts().index.tolist() for role, group in with_role.groupby("role")
        }
        return self

    def recommend(self, user_id, k: int = 10):
        ranking = self.by_role.get(self.role_of.get(user_id)) or self.ranking
        return self._rank(user_id, ranking + self.ranking, k)


class _MatrixBaseline:
    def _matrix(self, interactions, users):
        user_ids = list(dict.fromkeys(interactions["user_id"].tolist()))
        item_ids = list(dict.fromkeys(interactions["item_id"].tolist()))
        self.user_index = {u: n for n, u in enumerate(user_ids)}
        self.item_ids = np.array(item_ids, dtype=object)
        item_index = {i: n for n, i in enumerate(item_ids)}
        rows = interactions["user_id"].map(self.user_index).to_numpy()
        cols = interactions["item_id"].map(item_index).to_numpy()
        self.matrix = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                                        shape=(len(user_ids), len(item_ids)))
        self.fallback = MostPopular().fit(interactions)

    def _top(self, scores: np.ndarray, row: int, k: int):
        scores = scores.astype(np.float64)
        scores[self.matrix[row].indices] = -np.inf
        order = np.argsort(-scores, kind="stable")[:k]
        return [Recommendation(self.item_ids[i], float(scores[i]), "") for i in order if np.isfinite(scores[i])]


class ItemKNN(_MatrixBaseline):
    """Item-to-item cosine similarity over the completion matrix."""

    def fit(self, interactions, users=None, items=None):
        self._matrix(interactions, users)
        columns = normalize(self.matrix.T.tocsr().astype(np.float64), axis=1)
        self.similarity = (columns @ columns.T).toarray()
        np.fill_diagonal(self.similarity, 0.0)
        return self

    def recommend(self, user_id, k: int = 10):
        row = self.user_index.get(user_id)
        if row is None:
            return self.fallback.recommend(user_id, k)
        scores = np.asarray(self.matrix[row] @ self.similarity).ravel()
        return self._top(scores, row, k)


class ImplicitALS(_MatrixBaseline):
    """The `implicit` library's alternating least squares, a peer library's latent factors.

    Few factors and a confidence of 10 per completion: the best of factors 8 to 64 and alpha 1 to
    40 on the demo data, where the catalogue has a few dozen courses and people a handful each.
    """

    def __init__(self, factors: int = 8, alpha: float = 10.0, iterations: int = 15, seed: int = 0):
        self.factors, self.alpha, self.iterations, self.seed = factors, alpha, iterations, seed

    def fit(self, interactions, users=None, items=None):
        # implicit loads native code: imported here, as only the evaluation needs it.
        from implicit.cpu.als import AlternatingLeastSquares

        self._matrix(interactions, users)
        with threadpool_limits(1, "blas"):
            self.model = AlternatingLeastSquares(
                factors=self.factors, alpha=self.alpha, iterations=self.iterations, random_state=self.seed,
                num_threads=1)
            self.model.fit(self.matrix, show_progress=False)
        return self

    def recommend(self, user_id, k: int = 10):
        row = self.user_index.get(user_id)
        if row is None:
            return self.fallback.recommend(user_id, k)
        ids, scores = self.model.recommend(row, self.matrix[row], N=k, filter_already_liked_items=True)
        return [Recommendation(self.item_ids[i], float(s), "") for i, s in zip(ids, scores, strict=True)]


BASELINES: dict[str, Callable] = {
    "most_popular": MostPopular,
    "most_popular_in_role": MostPopularInRole,
    "item_knn": ItemKNN,
    "implicit_als": ImplicitALS,
}


def evaluate(models: dict[str, Callable], interactions: pd.DataFrame, users: pd.DataFrame | None = None,
             items: pd.DataFrame | None = None, *, k: int = 10, max_users: int | None = None,
             seed: int = 0) -> dict[str, dict[str, float]]:
    """Recall@k, NDCG@k, catalogue coverage and cold-start Recall@k for each model."""
    split = time_split(interactions, seed=seed)
    rng = np.random.default_rng(seed)
    warm = sorted(split.held_out)
    cold = sorted(split.cold_users)
    if max_users and len(warm) > max_users:
        warm = rng.choice(warm, size=max_users, replace=False).tolist()
    if max_users and len(cold) > max_users:
        cold = rng.choice(cold, size=max_users, replace=False).tolist()
    catalogue = items["item_id"].nunique() if items is not None and "item_id" in items else interactions["item_id"].nunique()
    results = {}
    for name, factory in models.items():
        model = factory().fit(split.train, users, items)
        recalls, ndcgs, shown = [], [], set()
        for user in warm:
            ranked = [r.item_id for r in model.recommend(user, k)]
            shown.update(ranked)
            recalls.append(recall_at(ranked, split.held_out[user], k))
            ndcgs.append(ndcg_at(ranked, split.held_out[user], k))
        cold_recalls = [recall_at([r.item_id for r in model.recommend(u, k)], split.cold_users[u], k) for u in cold]
        results[name] = {
            f"recall@{k}": float(np.mean(recalls)) if recalls else 0.0,
            f"ndcg@{k}": float(np.mean(ndcgs)) if ndcgs else 0.0,
            "coverage": len(shown) / catalogue if catalogue else 0.0,
            f"cold_recall@{k}": float(np.mean(cold_recalls)) if cold_recalls else 0.0,
            "users": len(warm),
            "cold_users": len(cold),
        }
    return results


def evaluate_with_baselines(interactions, users=None, items=None, **kwargs):
    models = {"pathway": PathwayRecommender, **BASELINES}
    return evaluate(models, interactions, users, items, **kwargs)
