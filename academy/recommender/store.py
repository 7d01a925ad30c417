"""Versioned model files: training writes a new one; serving loads the newest that loads."""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model's numerical libraries load with the first model file, not before
    from academy.recommender.model import PathwayRecommender

log = logging.getLogger(__name__)
PREFIX = "pathway-recommender-"


def save(model: PathwayRecommender, folder: str | Path, trained_at: datetime) -> Path:
    """Write the model under a new version name, atomically: a half-written file is never seen."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{PREFIX}{trained_at:%Y%m%dT%H%M%S%f}.pickle"
    with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".partial") as handle:
        pickle.dump(model, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(handle.name, target)
    return target


def versions(folder: str | Path) -> list[Path]:
    """Model files, newest first (the version name sorts by training time)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{PREFIX}*.pickle"), reverse=True)


def load_latest(folder: str | Path) -> tuple[PathwayRecommender | None, Path | None]:
    """The newest model that loads; a broken newest file falls back to the one before."""
    for path in versions(folder):
        try:
            with path.open("rb") as handle:
                model = pickle.load(handle)  # only files this platform wrote into its own folder
        except Exception:  # a damaged file must not stop suggestions: use the previous version
            log.exception("recommender model %s could not be loaded", path)
            continue
        # Unpickling a model has imported its module (and NumPy and SciPy with it) already.
        from academy.recommender.model import PathwayRecommender

        if isinstance(model, PathwayRecommender):
            return model, path
    return None, None


def prune(folder: str | Path, keep: int = 5) -> None:
    for path in versions(folder)[keep:]:
        path.unlink(missing_ok=True)
