"""Apprenticeships: standards, funding rules, apprentices and their delivery, cohorts, reports."""
