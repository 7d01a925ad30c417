"""What each person holds: one maintained row per person and subject, the best evidence in force.

Every service that creates, corrects or removes evidence (course and e-learning completions,
imported records, induction sign-offs and recognitions) calls services.refresh in the same
transaction; pages, reports, reminders and the recommender read the `holding` table and never work
it out again. `flask academy holdings rebuild` recomputes it from the evidence.
"""
