"""Operations that change learning needs analysis data; each flushes and never commits.

frameworks: frameworks, competencies and CSV import; profiles: role profiles; rounds: rounds,
invitations and reminders; assessments: answering, submitting, validating and learning plans.
"""
