"""Learning needs analysis: competency frameworks, role profiles, assessment rounds, gaps, reports."""
