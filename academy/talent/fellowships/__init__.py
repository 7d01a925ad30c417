"""Fellowships: programmes, cohorts, fellows, placements, milestones, backfill and outcomes."""
