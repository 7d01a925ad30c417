"""The pathway recommender: what to learn next, toward which role, and why."""
