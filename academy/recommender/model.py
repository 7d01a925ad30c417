"""PathwayRecommender: a blend of signals, each with a reason a person can read.

Signals, each scaled to 0..1 for the person and weighted:
- gaps: courses that develop the competencies where the person's learning needs analysis shows a gap;
- target: courses the next step toward the person's target role requires;
- sequence: what people went on to complete after the courses this person completed last;
- similar people: item-to-item co-completion (cosine over the completion matrix);
- role: what people in the same role (then staff group) complete;
- moves: what people who moved from this person's role to another had completed;
- content: courses whose text and competencies resemble what the person completed;
- popularity: a small prior so that a brand-new person still gets something.
Completed and dismissed courses are never suggested, nor courses whose outcome the person already
holds in date (mandatory training recorded elsewhere); a course whose prerequisites the person has not
completed is held back. Works on plain pandas data: no Flask, no database.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

DEFAULT_WEIGHTS = {
    "target": 3.0,
    "gaps": 2.5,
    "sequence": 1.0,
    "similar": 0.7,
    "role": 2.0,
    "moves": 0.5,
    "content": 0.3,
    "popular": 0.05,
}


# The signals whose weights are learned, and the values tried for each.
TUNING_GRID = {
    "gaps": (0.5, 1.0, 2.5, 4.0),
    "role": (0.5, 1.0, 2.0, 4.0),
    "sequence": (0.0, 0.5, 1.0, 2.0),
    "similar": (0.0, 0.35, 0.7, 1.4),
    "moves": (0.0, 0.5, 1.0),
    "content": (0.0, 0.3),
    "popular": (0.0, 0.05, 0.2),
}
TUNING_PEOPLE = 300
GAPS_FLOOR = 0.25
TUNING_MIN_PEOPLE = 30


@dataclass(frozen=True)
class Recommendation:
    item_id: object
    score: float
    reason: str


@dataclass
class _Person:
    role: object = None
    staff_group: object = None
    gaps: dict = field(default_factory=dict)
    target_items: tuple = ()
    target_role: str | None = None
    dismissed: frozenset = frozenset()
    held: frozenset = frozenset()


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, float) and np.isnan(value):
        return []
    if isinstance(value, (str, bytes)):
        return [value]
    return list(value)


def _scaled(vector: np.ndarray) -> np.ndarray:
    top = vector.max(initial=0.0)
    return vector / top if top > 0 else vector


class PathwayRecommender:
    """Suggests the next courses for a person, each with the reason it was suggested.

    fit(interactions, users=None, items=None):
      interactions: DataFrame with user_id, item_id and optionally timestamp (completions).
      users: optional DataFrame indexed by, or with a column, user_id; optional columns: role,
        staff_group, previous_role (the role held before the current one), gaps (dict of competency
        to weight), target_items (item ids the target role's next step needs), target_role (its
        name), dismissed (item ids the person dismissed), held (item ids whose outcome the person
        already holds in date, such as mandatory training recorded elsewhere: never suggested).
      items: optional DataFrame with item_id; optional columns: title, text, competencies (list),
        prerequisites (item ids), category, level.
    """

    def __init__(self, weights: dict | None = None, neighbours: int = 40, sequence_window: int = 3,
                 tune: bool | None = None):
        self.weights = {**DEFAULT_WEIGHTS, **(weights or {})}
        self.neighbours = neighbours
        self.sequence_window = sequence_window
        # Learn the blend from the data unless the weights were given.
        self.tune = weights is None if tune is None else tune

    # ------------------------------------------------------------------ fitting
    def fit(self, interactions: pd.DataFrame, users: pd.DataFrame | None = None,
            items: pd.DataFrame | None = None) -> PathwayRecommender:
        interactions = interactions.drop_duplicates(["user_id", "item_id"], keep="first")
        items = self._frame(items, "item_id")
        users = self._frame(users, "user_id")
        item_ids = list(dict.fromkeys([*items.index.tolist(), *interactions["item_id"].tolist()]))
        self.item_ids = np.array(item_ids, dtype=object)
        self.item_index = {item: n for n, item in enumerate(item_ids)}
        user_ids = list(dict.fromkeys([*interactions["user_id"].tolist(), *users.index.tolist()]))
        self.user_index = {user: n for n, user in enumerate(user_ids)}
        n_users, n_items = len(user_ids), len(item_ids)

        rows = interactions["user_id"].map(self.user_index).to_numpy()
        cols = interactions["item_id"].map(self.item_index).to_numpy()
        matrix = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n_users, n_items)
        )
        self.completions = matrix
        self.popularity = np.asarray(matrix.sum(axis=0)).ravel().astype(np.float64)
        self.titles = {
            item: str(items.at[item, "title"]) if "title" in items and item in items.index else str(item)
            for item in item_ids
        }
        self.prerequisites = {
            self.item_index[item]: [self.item_index[p] for p in _as_list(items.at[item, "prerequisites"])
                                    if p in self.item_index]
            for item in items.index if "prerequisites" in items
        }
        self.competencies = [
            set(_as_list(items.at[item, "competencies"])) if "competencies" in items and item in items.index
            else set() for item in item_ids
        ]

        self._fit_similarity(matrix)
        self._fit_content(items, item_ids)
        self._fit_people(users, matrix)
        self._fit_sequence(interactions)
        if self.tune and "timestamp" in interactions:
            self.weights = self._tuned_weights(interactions, users, items)
        return self

    def _tuned_weights(self, interactions: pd.DataFrame, users: pd.DataFrame, items: pd.DataFrame) -> dict:
        """Choose the weights of the signals by NDCG@10 on each person's last completion.

        A copy is fitted without everyone's last completion; coordinate ascent then tries a few
        values per signal on up to TUNING_PEOPLE people. How far people act on their learning
        needs gaps is learned when the people tried have gaps (never below GAPS_FLOOR of the
        strongest behavioural signal); without that evidence, gaps come before behaviour. The
        target role the person chose is kept above every other signal, so what a person asked
        for always comes first.
        """
        ordered = interactions.sort_values(["user_id", "timestamp"], kind="stable")
        last = ordered.groupby("user_id").tail(1)
        counts = ordered.groupby("user_id")["item_id"].transform("size")
        hidden = last[counts.loc[last.index] > 1]
        if len(hidden) < TUNING_MIN_PEOPLE:
            return self.weights
        hidden = hidden.sample(n=min(TUNING_PEOPLE, len(hidden)), random_state=0)
        probe = PathwayRecommender(weights=self.weights, neighbours=self.neighbours,
                                   sequence_window=self.sequence_window, tune=False)
        probe.fit(ordered.drop(index=hidden.index), users.reset_index(), items.reset_index())
        answers = list(zip(hidden["user_id"], hidden["item_id"], strict=True))

        def quality(weights: dict) -> float:
            probe.weights = weights
            total = 0.0
            for user_id, item in answers:
                ranked = [r.item_id for r in probe.recommend(user_id, k=10)]
                if item in ranked:
                    total += 1.0 / np.log2(ranked.index(item) + 2)
            return total / len(answers)

        evidence = any(probe.people.get(user_id, _Person()).gaps for user_id, _ in answers)
        grid = {name: values for name, values in TUNING_GRID.items() if evidence or name != "gaps"}
        best = dict(self.weights)
        best_score = quality(best)
        for _ in range(2):
            for name, values in grid.items():
                for value in values:
                    trial = {**best, name: value}
                    score = quality(trial)
                    if score > best_score + 1e-9:
                        best, best_score = trial, score
        top = max(best[name] for name in TUNING_GRID if name != "gaps")
        best["gaps"] = max(best["gaps"], (GAPS_FLOOR if evidence else 1.25) * top)
        best["target"] = max(best["target"], 1.5 * max(top, best["gaps"]))
        return best

    @staticmethod
    def _frame(frame: pd.DataFrame | None, key: str) -> pd.DataFrame:
        if frame is None:
            return pd.DataFrame(index=pd.Index([], name=key))
        if key in frame.columns:
            frame = frame.set_index(key)
        return frame[~frame.index.duplicated()]

    def _fit_similarity(self, matrix: sparse.csr_matrix) -> None:
        if 0 in matrix.shape:
            self.similarity = np.zeros((matrix.shape[1], matrix.shape[1]))
            return
        columns = normalize(matrix.T.tocsr().astype(np.float64), axis=1)
        similarity = (columns @ columns.T).toarray()
        np.fill_diagonal(similarity, 0.0)
        if self.neighbours and similarity.shape[0] > self.neighbours:
            # Keep each item's strongest neighbours only: the rest is mostly noise.
            cut = np.partition(similarity, -self.neighbours, axis=1)[:, -self.neighbours][:, None]
            similarity[similarity < cut] = 0.0
        self.similarity = similarity

    def _fit_content(self, items: pd.DataFrame, item_ids: list) -> None:
        documents = []
        for item in item_ids:
            parts = []
            if item in items.index:
                for column in ("title", "text", "category", "level"):
                    if column in items and pd.notna(items.at[item, column]):
                        parts.append(str(items.at[item, column]))
                if "competencies" in items:
                    parts.extend(f"competency_{c}" for c in _as_list(items.at[item, "competencies"]))
            documents.append(" ".join(parts) or str(item))
        try:
            tfidf = TfidfVectorizer(stop_words="english").fit_transform(documents)
        except ValueError:  # no words at all to compare (bare codes): content says nothing
            self.content = np.zeros((len(item_ids), len(item_ids)))
            return
        content = (tfidf @ tfidf.T).toarray()
        np.fill_diagonal(content, 0.0)
        self.content = content

    def _fit_people(self, users: pd.DataFrame, matrix: sparse.csr_matrix) -> None:
        self.people: dict[object, _Person] = {}
        for user_id, row in users.iterrows():
            self.people[user_id] = _Person(
                role=row.get("role"), staff_group=row.get("staff_group"),
                gaps=dict(row.get("gaps") or {}) if isinstance(row.get("gaps"), dict) else {},
                target_items=tuple(_as_list(row.get("target_items"))),
                target_role=row.get("target_role") if isinstance(row.get("target_role"), str) else None,
                dismissed=frozenset(_as_list(row.get("dismissed"))),
                held=frozenset(_as_list(row.get("held"))),
            )
        self.by_role = self._group_rates(users, "role", matrix)
        self.by_staff_group = self._group_rates(users, "staff_group", matrix)
        # Moves: what people who left a role (previous_role) had completed, and where they went.
        self.moves: dict[object, np.ndarray] = {}
        self.move_destination: dict[object, str] = {}
        if "previous_role" in users and "role" in users:
            movers = users[users["previous_role"].notna() & (users["previous_role"] != users["role"])]
            for previous, group in movers.groupby("previous_role"):
                rows = [self.user_index[u] for u in group.index if u in self.user_index]
                if rows:
                    self.moves[previous] = np.asarray(matrix[rows].mean(axis=0)).ravel()
                    self.move_destination[previous] = str(Counter(group["role"]).most_common(1)[0][0])

    def _group_rates(self, users: pd.DataFrame, column: str, matrix) -> dict:
        rates = {}
        if column not in users:
            return rates
        for value, group in users.groupby(column):
            rows = [self.user_index[u] for u in group.index if u in self.user_index]
            if rows:
                rates[value] = np.asarray(matrix[rows].mean(axis=0)).ravel()
        return rates

    def _fit_sequence(self, interactions: pd.DataFrame) -> None:
        """Directed next-course counts: after completing a, people went on to complete b."""
        n = len(self.item_ids)
        self.last_items: dict[object, list[int]] = {}
        if "timestamp" not in interactions:
            self.sequence = sparse.csr_matrix((n, n))
            return
        ordered = interactions.sort_values(["user_id", "timestamp"])
        counts: dict[tuple[int, int], float] = defaultdict(float)
        for user_id, group in ordered.groupby("user_id", sort=False):
            path = [self.item_index[i] for i in group["item_id"]]
            self.last_items[user_id] = path[-self.sequence_window:]
            for position, item in enumerate(path):
                for step, later in enumerate(path[position + 1: position + 1 + self.sequence_window]):
                    counts[(item, later)] += 1.0 / (step + 1)
        if counts:
            keys = np.array(list(counts.keys()))
            sequence = sparse.csr_matrix(
                (np.fromiter(counts.values(), dtype=np.float64), (keys[:, 0], keys[:, 1])), shape=(n, n)
            )
            self.sequence = normalize(sequence, norm="l1", axis=1)
        else:
            self.sequence = sparse.csr_matrix((n, n))

    # ------------------------------------------------------------- recommending
    def recommend(self, user_id, k: int = 10, *, profile: dict | None = None) -> list[Recommendation]:
        """The top k suggestions for a person, best first, each with its reason.

        profile optionally gives what is known now but was not at training time: role,
        staff_group, gaps, target_items, target_role, dismissed, held, completed (item ids) and recent
        (item ids completed last, oldest first). Someone the model has never seen is served from
        their profile alone.
        """
        signals, completed, blocked, person = self._signals(user_id, profile or {})
        total = np.zeros(len(self.item_ids))
        contributions = {}
        for name, vector in signals.items():
            contribution = self.weights[name] * _scaled(vector)
            contributions[name] = contribution
            total += contribution
        total[list(completed | blocked)] = -np.inf
        order = np.argsort(-total, kind="stable")
        results = []
        for index in order[: max(k * 3, k)]:
            if len(results) == k or not np.isfinite(total[index]) or total[index] <= 0:
                break
            strongest = max(contributions, key=lambda name: contributions[name][index])
            results.append(Recommendation(
                item_id=self.item_ids[index].item() if hasattr(self.item_ids[index], "item") else self.item_ids[index],
                score=float(total[index]),
                reason=self._reason(strongest, index, person, completed),
            ))
        return results

    def _signals(self, user_id, profile: dict):
        n = len(self.item_ids)
        person = self.people.get(user_id, _Person())
        if profile:
            person = _Person(
                role=profile.get("role", person.role),
                staff_group=profile.get("staff_group", person.staff_group),
                gaps=dict(profile.get("gaps", person.gaps)),
                target_items=tuple(profile.get("target_items", person.target_items)),
                target_role=profile.get("target_role", person.target_role),
                dismissed=frozenset(profile.get("dismissed", person.dismissed)),
                held=frozenset(profile.get("held", person.held)),
            )
        row = self.user_index.get(user_id)
        completed: set[int] = set()
        if row is not None:
            completed = set(self.completions[row].indices.tolist())
        completed |= {self.item_index[i] for i in profile.get("completed", ()) if i in self.item_index}
        dismissed = {self.item_index[i] for i in person.dismissed if i in self.item_index}
        blocked = set(dismissed) | {self.item_index[i] for i in person.held if i in self.item_index}
        for item, needed in self.prerequisites.items():
            if any(p not in completed for p in needed):
                blocked.add(item)
        done = np.zeros(n)
        done[list(completed)] = 1.0

        signals: dict[str, np.ndarray] = {}
        if person.gaps:
            gap = np.zeros(n)
            for index, skills in enumerate(self.competencies):
                gap[index] = sum(person.gaps.get(c, 0.0) for c in skills)
            signals["gaps"] = gap
        if person.target_items:
            target = np.zeros(n)
            for rank, item in enumerate(person.target_items):
                if item in self.item_index:
                    target[self.item_index[item]] = 1.0 / (1 + 0.1 * rank)
            signals["target"] = target
        recent = [self.item_index[i] for i in profile.get("recent", ()) if i in self.item_index]
        recent = recent[-self.sequence_window:] or self.last_items.get(user_id, [])
        if recent and self.sequence.nnz:
            signals["sequence"] = np.asarray(self.sequence[recent].sum(axis=0)).ravel()
        if completed:
            signals["similar"] = self.similarity @ done
            signals["content"] = self.content @ done
        rates = self.by_role.get(person.role)
        if rates is None:
            rates = self.by_staff_group.get(person.staff_group)
        if rates is not None:
            signals["role"] = rates
        if person.role in self.moves:
            signals["moves"] = self.moves[person.role]
        signals["popular"] = self.popularity.copy()
        if dismissed:
            # A dismissal is a signal: courses like the dismissed one are pushed down a little.
            penalty = self.content[list(dismissed)].max(axis=0)
            for name in ("similar", "content", "role", "popular"):
                if name in signals:
                    signals[name] = signals[name] * (1 - 0.5 * penalty)
        return signals, completed, blocked, person

    def _reason(self, signal: str, index: int, person: _Person, completed: set[int]) -> str:
        title = self.titles[self.item_ids[index]]
        if signal == "gaps":
            covered = [c for c in self.competencies[index] if person.gaps.get(c)]
            best = max(covered, key=lambda c: person.gaps[c]) if covered else "a competency you need"
            return f"Closes your gap in {best}"
        if signal == "target":
            return f"Needed for {person.target_role or 'your target role'}, your target"
        if signal == "sequence":
            return "People who completed the courses you did last went on to take this next"
        if signal == "similar":
            source = max(completed, key=lambda c: self.similarity[index, c], default=None)
            if source is not None:
                return f"People who completed {self.titles[self.item_ids[source]]} also took this"
            return "People with learning like yours took this"
        if signal == "role":
            return f"Often taken by staff in your role ({person.role})" if person.role else "Often taken by staff like you"
        if signal == "moves":
            destination = self.move_destination.get(person.role, "another role")
            return f"Staff in your role who moved to {destination} took this"
        if signal == "content":
            source = max(completed, key=lambda c: self.content[index, c], default=None)
            if source is not None:
                return f"Similar to {self.titles[self.item_ids[source]]}, which you completed"
        return f"{title} is one of the most taken courses in the partnership"
