"""The equality monitoring questions and their answers, as the NHS workforce record asks them."""

PREFER_NOT_TO_SAY = ("prefer_not_to_say", "Prefer not to say")

QUESTIONS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "ethnicity": (
        "Ethnic group",
        [
            ("white_british", "White: English, Welsh, Scottish, Northern Irish or British"),
            ("white_irish", "White: Irish"),
            ("white_gypsy_traveller", "White: Gypsy or Irish Traveller"),
            ("white_other", "White: any other White background"),
            ("mixed_white_black_caribbean", "Mixed: White and Black Caribbean"),
            ("mixed_white_black_african", "Mixed: White and Black African"),
            ("mixed_white_asian", "Mixed: White and Asian"),
            ("mixed_other", "Mixed: any other mixed background"),
            ("asian_indian", "Asian or Asian British: Indian"),
            ("asian_pakistani", "Asian or Asian British: Pakistani"),
            ("asian_bangladeshi", "Asian or Asian British: Bangladeshi"),
            ("asian_chinese", "Asian or Asian British: Chinese"),
            ("asian_other", "Asian or Asian British: any other Asian background"),
            ("black_african", "Black or Black British: African"),
            ("black_caribbean", "Black or Black British: Caribbean"),
            ("black_other", "Black or Black British: any other Black background"),
            ("arab", "Other ethnic group: Arab"),
            ("other", "Any other ethnic group"),
            PREFER_NOT_TO_SAY,
        ],
    ),
    "disability": (
        "Do you consider yourself to have a disability or long-term condition?",
        [("yes", "Yes"), ("no", "No"), PREFER_NOT_TO_SAY],
    ),
    "sex": ("Sex", [("female", "Female"), ("male", "Male"), PREFER_NOT_TO_SAY]),
    "gender_identity_same": (
        "Is your gender identity the same as the sex you were registered at birth?",
        [("yes", "Yes"), ("no", "No"), PREFER_NOT_TO_SAY],
    ),
    "sexual_orientation": (
        "Sexual orientation",
        [
            ("heterosexual", "Heterosexual or straight"),
            ("gay_lesbian", "Gay or lesbian"),
            ("bisexual", "Bisexual"),
            ("other", "Other sexual orientation"),
            PREFER_NOT_TO_SAY,
        ],
    ),
    "religion": (
        "Religion or belief",
        [
            ("none", "No religion"),
            ("christian", "Christian"),
            ("buddhist", "Buddhist"),
            ("hindu", "Hindu"),
            ("jewish", "Jewish"),
            ("muslim", "Muslim"),
            ("sikh", "Sikh"),
            ("other", "Any other religion or belief"),
            PREFER_NOT_TO_SAY,
        ],
    ),
    "age_band": (
        "Age band",
        [
            ("16-24", "16 to 24"),
            ("25-34", "25 to 34"),
            ("35-44", "35 to 44"),
            ("45-54", "45 to 54"),
            ("55-64", "55 to 64"),
            ("65+", "65 or over"),
            PREFER_NOT_TO_SAY,
        ],
    ),
    "carer": (
        "Do you look after, or give help or support to, someone because of illness, disability or age?",
        [("yes", "Yes"), ("no", "No"), PREFER_NOT_TO_SAY],
    ),
    "armed_forces": (
        "Have you served in the UK armed forces?",
        [("yes", "Yes"), ("no", "No"), PREFER_NOT_TO_SAY],
    ),
}

# Ethnic groups counted as Black, Asian and minority ethnic in WRES reporting.
WRES_WHITE = frozenset({"white_british", "white_irish", "white_gypsy_traveller", "white_other"})


def answer_label(question: str, value: str | None) -> str:
    if value is None:
        return "Not answered"
    return dict(QUESTIONS[question][1]).get(value, value)
