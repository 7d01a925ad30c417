"""Mentoring: programmes, cohorts, applications, optimal explainable matching, partnerships."""
