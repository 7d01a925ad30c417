"""Reference data for mandatory training: the NHS Core Skills Training Framework subjects with
their usual renewal periods, and the Care Certificate standards (done once).

Copied from the partnership's domain reference; renewal periods are data a learning lead can change.
"""

CSTF = "Core Skills Training Framework"
CARE_CERTIFICATE = "Care Certificate"

# (subject, level, renewal in years)
CSTF_SUBJECTS = [
    ('Conflict Resolution', 'Level 1', 3),
    ('Equality, Diversity and Human Rights', 'Level 1', 3),
    ('Fire Safety', 'Level 1', 2),
    ('Health, Safety and Welfare', 'Level 1', 3),
    ('Infection Prevention and Control', 'Level 1', 3),
    ('Infection Prevention and Control', 'Level 2', 1),
    ('Information Governance and Data Security', 'Level 1', 1),
    ('Moving and Handling', 'Level 1', 3),
    ('Moving and Handling', 'Level 2', 2),
    ('Preventing Radicalisation', 'Basic Prevent Awareness (Levels 1-2)', 3),
    ('Preventing Radicalisation', 'Prevent Awareness (Level 3)', 3),
    ('Resuscitation', 'Level 1', 1),
    ('Resuscitation', 'Level 2 (Adult / Paediatric / Newborn Basic Life Support)', 1),
    ('Resuscitation', 'Level 3 (Immediate Life Support)', 1),
    ('Safeguarding Adults', 'Level 1', 3),
    ('Safeguarding Adults', 'Level 2', 3),
    ('Safeguarding Adults', 'Level 3', 3),
    ('Safeguarding Children', 'Level 1', 3),
    ('Safeguarding Children', 'Level 2', 3),
    ('Safeguarding Children', 'Level 3', 3),
]



def level_includes(subjects=CSTF_SUBJECTS) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """(higher, lower) as (name, level): each level of a subject includes the level below it, as
    the framework's learning outcomes build on each other (level 3 covers levels 1 and 2)."""
    pairs, previous = [], {}
    for name, level, _years in subjects:
        if name in previous:
            pairs.append(((name, level), (name, previous[name])))
        previous[name] = level
    return pairs


# (standard number, title)
CARE_CERTIFICATE_STANDARDS = [
    (1, 'Understand your role'),
    (2, 'Your personal development'),
    (3, 'Duty of care'),
    (4, 'Equality, diversity, inclusion and human rights'),
    (5, 'Work in a person-centred way'),
    (6, 'Communication'),
    (7, 'Privacy and dignity'),
    (8, 'Fluids and nutrition'),
    (9, 'Awareness of mental health and dementia'),
    (10, 'Adult safeguarding'),
    (11, 'Safeguarding children'),
    (12, 'Basic life support'),
    (13, 'Health and safety'),
    (14, 'Handling information'),
    (15, 'Infection prevention and control'),
    (16, 'Awareness of learning disability and autism'),
]
