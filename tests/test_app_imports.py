"""Building the app loads no numerical library: NumPy, pandas, SciPy and scikit-learn load with the
first recommender training, model file, spreadsheet or suppressed table that needs them, so a web
worker or a `flask` command starts quickly and small."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("numpy", "pandas", "scipy", "sklearn", "implicit")
NUMERICAL_MODULES = ("academy.recommender.model", "academy.recommender.data",
                     "academy.recommender.evaluation", "openpyxl")


def modules_after_create_app() -> set[str]:
    script = (
        "import json, sys\n"
        "from academy import create_app\n"
        "create_app({'SQLALCHEMY_DATABASE_URI': 'sqlite://', 'SECRET_KEY': 'k' * 40})\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=120, check=True)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.fixture(scope="module")
def loaded() -> set[str]:
    return modules_after_create_app()


def test_the_app_factory_loads_neither_the_recommender_model_nor_its_training_data(loaded):
    assert loaded & set(NUMERICAL_MODULES) == set()
    assert "academy.recommender.serving" in loaded  # the home page's suggestions are there


def test_the_app_factory_loads_no_numerical_library(loaded):
    assert [name for name in HEAVY if name in loaded] == []
