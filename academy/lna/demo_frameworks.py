"""The demo's competency frameworks and role profiles: the district's core skills, the Care
Certificate's 16 standards (2025 titles), digital skills, leadership, the four pillars of advanced
practice, and integrated care. Codes match those the demo catalogue's courses develop."""

from __future__ import annotations

# code, name, description, domains [(domain, [(code, name, description, {level: descriptor})])]
FRAMEWORKS = [
    ("CORE", "Core skills", "The NHS Core Skills Training Framework subjects, as competencies.", [
        ("Keeping people safe", [
            ("FS-01", "Fire safety", "Preventing fire and acting safely if one breaks out.", {}),
            ("HSW-01", "Health, safety and welfare", "Risks at work, reporting incidents, safe systems.", {}),
            ("IPC-01", "Infection prevention and control", "Hand hygiene, PPE, isolation and outbreaks.", {
                1: "Knows the standard precautions and why they matter.",
                2: "Applies standard and transmission-based precautions in hands-on care.",
                3: "Leads safe practice in a team and responds to outbreaks.",
                4: "Advises on and audits infection control across services."}),
            ("MH-01", "Moving and handling", "Safe handling of loads and of people.", {}),
            ("RES-01", "Resuscitation", "Recognising deterioration and cardiac arrest; life support.", {
                1: "Recognises cardiac arrest and calls for help.",
                2: "Gives basic life support with a defibrillator.",
                3: "Gives immediate life support as a registered clinician.",
                4: "Leads resuscitation and teaches others."}),
            ("CR-01", "Conflict resolution", "Recognising and de-escalating conflict.", {}),
        ]),
        ("Safeguarding", [
            ("SG-01", "Safeguarding adults", "Recognising abuse and neglect and acting on concerns.", {}),
            ("SGC-01", "Safeguarding children", "Keeping children safe, including children of adults in care.", {}),
            ("PR-01", "Preventing radicalisation", "Recognising and referring people at risk (Prevent).", {}),
        ]),
        ("Information and rights", [
            ("IG-01", "Information governance and data security", "Keeping personal information safe.", {}),
            ("EDHR-01", "Equality, diversity and human rights", "Fair treatment and inclusive care.", {}),
        ]),
    ]),
    ("CC", "Care Certificate standards", "The 16 standards of the Care Certificate (2025).", [
        ("Your role and development", [
            ("CC-01", "Understand your role", "", {}),
            ("CC-02", "Your personal development", "", {}),
            ("CC-03", "Duty of care", "", {}),
        ]),
        ("Person-centred care", [
            ("CC-04", "Equality, diversity, inclusion and human rights", "", {}),
            ("CC-05", "Work in a person-centred way", "", {}),
            ("CC-06", "Communication", "", {}),
            ("CC-07", "Privacy and dignity", "", {}),
            ("CC-08", "Fluids and nutrition", "", {}),
        ]),
        ("Health and wellbeing", [
            ("CC-09", "Awareness of mental health and dementia", "", {}),
            ("CC-16", "Awareness of learning disability and autism", "", {}),
        ]),
        ("Safeguarding and safety", [
            ("CC-10", "Adult safeguarding", "", {}),
            ("CC-11", "Safeguarding children", "", {}),
            ("CC-12", "Basic life support", "", {}),
            ("CC-13", "Health and safety", "", {}),
            ("CC-14", "Handling information", "", {}),
            ("CC-15", "Infection prevention and control", "", {}),
        ]),
    ]),
    ("DIG", "Digital skills", "Digital capabilities for health and care, after the national "
                              "digital capabilities framework's domains.", [
        ("Using digital tools", [
            ("DIG-01", "Using devices, e-mail and video calls", "Everyday digital tools at work.", {
                1: "Uses a device and e-mail with help.",
                2: "Uses e-mail, calendars and video calls confidently.",
                3: "Chooses the right tool and helps colleagues with theirs.",
                4: "Leads the adoption of digital tools in a service."}),
            ("DIG-02", "Using the shared care record", "Finding and recording information in the "
                                                      "district's shared care record.", {}),
            ("DIG-03", "Digital care technologies", "Telecare, remote monitoring and telemedicine.", {}),
        ]),
        ("Information, data and content", [
            ("DIG-04", "Finding and judging information", "", {}),
            ("DIG-05", "Using data to improve care", "Reading dashboards and using data in decisions.", {}),
        ]),
        ("Communication and collaboration", [
            ("DIG-06", "Communicating and working together online", "", {}),
            ("DIG-07", "Virtual consultations", "Assessing and supporting people by video and phone.", {}),
        ]),
        ("Safety, identity and wellbeing", [
            ("DIG-08", "Staying safe online", "Passwords, phishing and safe sharing.", {}),
            ("DIG-09", "Digital wellbeing", "Managing screen time and digital workload.", {}),
        ]),
        ("Teaching and creating", [
            ("DIG-10", "Helping others with digital skills", "", {}),
        ]),
    ]),
    ("LEAD", "Leadership", "Leadership behaviours after the Healthcare Leadership Model.", [
        ("Leading yourself", [
            ("LEAD-03", "Inspiring shared purpose", "", {}),
            ("LEAD-04", "Leading with care", "", {}),
            ("LEAD-05", "Evaluating information", "", {}),
        ]),
        ("Leading a team", [
            ("LEAD-01", "Leading and developing a team", "Supervision, appraisal, rotas and team "
                                                        "development.", {}),
            ("LEAD-06", "Engaging the team", "", {}),
            ("LEAD-07", "Holding to account", "", {}),
            ("LEAD-08", "Developing capability", "", {}),
            ("COACH-01", "Coaching conversations", "Using a coaching approach with colleagues.", {}),
        ]),
        ("Leading across the system", [
            ("LEAD-02", "Leading across the system", "Working across organisational boundaries.", {}),
            ("LEAD-09", "Influencing for results", "", {}),
        ]),
    ]),
    ("ACP", "Advanced practice: the four pillars", "The multi-professional framework for advanced "
                                                   "clinical practice.", [
        ("Clinical practice", [
            ("ACP-01", "Advanced assessment", "Comprehensive assessment of people with complex needs.", {}),
            ("ACP-02", "Clinical decision-making and prescribing", "", {}),
            ("ACP-03", "Managing complexity and risk", "", {}),
        ]),
        ("Leadership and management", [
            ("ACP-04", "Leading service improvement", "", {}),
            ("ACP-05", "Multi-professional team leadership", "", {}),
            ("ACP-06", "Governance and safety", "", {}),
        ]),
        ("Education", [
            ("ACP-07", "Educating patients and carers", "", {}),
            ("ACP-08", "Supervising and assessing learners", "", {}),
            ("ACP-09", "Own continuing development", "", {}),
        ]),
        ("Research", [
            ("ACP-10", "Evidence-based practice", "", {}),
            ("ACP-11", "Audit and evaluation", "", {}),
            ("ACP-12", "Contributing to research", "", {}),
        ]),
    ]),
    ("ICW", "Integrated care and new ways of working", "Skills the district's People Plan asks for "
                                                       "across health and care.", [
        ("Working across services", [
            ("TA-01", "Trusted assessment", "Assessing on behalf of care providers so people leave "
                                           "hospital sooner.", {}),
            ("RB-01", "Reablement", "Helping people regain independence at home.", {}),
            ("PC-01", "Working in primary care networks", "Working across the ambulance service "
                                                          "and primary care.", {}),
        ]),
        ("Personalised care", [
            ("SP-01", "Social prescribing and personalised care", "", {}),
            ("MHD-01", "Supporting people with dementia and mental health needs", "", {}),
        ]),
        ("Looking after each other", [
            ("WB-01", "Supporting colleagues' mental health", "Mental health first aid and "
                                                             "wellbeing conversations.", {}),
        ]),
    ]),
]

CORE_CODES = ["FS-01", "HSW-01", "IPC-01", "MH-01", "RES-01", "CR-01", "SG-01", "SGC-01", "PR-01",
              "IG-01", "EDHR-01"]
CC_CODES = [f"CC-{n:02d}" for n in range(1, 17)]
LEADERSHIP_CODES = ["LEAD-01", "LEAD-02", "LEAD-03", "LEAD-04", "LEAD-05", "LEAD-06", "LEAD-07",
                    "LEAD-08", "LEAD-09", "COACH-01"]
ACP_CODES = [f"ACP-{n:02d}" for n in range(1, 13)]

CARE_ROLES = {"careworker", "seniorcare", "leadcare", "supportworker", "reablement", "hca", "hca3",
              "shcsw", "tna", "mhsw", "ecsw"}
REGISTERED = {"na", "rn", "sister", "matron", "acp", "physio", "physio6", "paramedic",
              "pharmacist", "socialworker", "ot", "doctor"}
MANAGERS = {"sister", "matron", "manager7", "director", "teamleader", "deputy", "regmanager"}
NON_CLINICAL = {"admin", "medsec", "manager7", "director", "porter", "carecoord", "tutor",
                "activities", "volunteer"}


# Care Certificate standards and the Core Skills Training Framework subjects they are the same as
# (the Care Certificate's 2025 standards against the CSTF subjects): a round with both asks once.
# Standard 16 matches the Oliver McGowan training on learning disability and autism, which the
# demo's core skills do not list.
SAME_COMPETENCIES = [
    ("CC-04", "EDHR-01"),  # Equality, diversity, inclusion and human rights
    ("CC-10", "SG-01"),    # Adult safeguarding: Safeguarding adults
    ("CC-11", "SGC-01"),   # Safeguarding children
    ("CC-12", "RES-01"),   # Basic life support: Resuscitation
    ("CC-13", "HSW-01"),   # Health and safety: Health, safety and welfare
    ("CC-14", "IG-01"),    # Handling information: Information governance and data security
    ("CC-15", "IPC-01"),   # Infection prevention and control
]


def requirements_for(role: str) -> dict[str, tuple[int, bool]]:
    """The demo role profile of a job role key (from academy.people.demo.JOB_ROLES):
    competency code -> (required level, essential)."""
    if role in ("student", "volunteer"):
        return {"FS-01": (1, True), "IPC-01": (1, True), "SG-01": (1, True), "IG-01": (1, True),
                "EDHR-01": (1, True), "CC-05": (1, False), "CC-06": (1, False)}
    clinical = role not in NON_CLINICAL
    registered = role in REGISTERED
    senior_care = role in {"seniorcare", "leadcare", "shcsw", "tna"}
    found: dict[str, tuple[int, bool]] = {}
    for code in CORE_CODES:
        level = 1
        if clinical and code in ("IPC-01", "MH-01", "RES-01", "SG-01", "SGC-01", "CR-01"):
            level = 2
        if registered and code in ("SG-01", "RES-01"):
            level = 3
        if code in ("IG-01", "EDHR-01", "FS-01", "HSW-01"):
            level = 2
        found[code] = (level, True)
    if role in CARE_ROLES:
        for code in CC_CODES:
            found[code] = (3 if senior_care else 2, True)
    found["DIG-01"] = (2, True)
    found["DIG-08"] = (2, True)
    if clinical or role in ("admin", "medsec", "carecoord"):
        found["DIG-02"] = (2 if not registered else 3, True)
    if registered or role in MANAGERS:
        found.update({"DIG-04": (2, False), "DIG-05": (2 if role in MANAGERS else 1, False),
                      "DIG-06": (2, False)})
    if role in ("acp", "physio6", "paramedic", "pharmacist", "doctor", "carecoord", "splw"):
        found["DIG-07"] = (2, role in ("acp", "carecoord", "splw"))
    if role in ("reablement", "seniorcare", "leadcare", "deputy", "regmanager"):
        found["DIG-03"] = (2, False)
    if role in MANAGERS:
        strong = role in ("matron", "manager7", "director", "regmanager")
        for code in LEADERSHIP_CODES:
            found[code] = (3 if strong or code in ("LEAD-01", "LEAD-06") else 2,
                           code not in ("LEAD-02", "LEAD-09"))
        found["DIG-10"] = (2, False)
        found["WB-01"] = (2, False)
    elif registered or senior_care:
        found.update({"LEAD-04": (2, False), "LEAD-08": (1, False), "COACH-01": (1, False)})
    if role == "acp":
        for i, code in enumerate(ACP_CODES):
            found[code] = (4 if i < 3 else 3, i < 9)
    elif role in ("matron", "physio6", "paramedic", "pharmacist"):
        for code in ("ACP-01", "ACP-07", "ACP-08", "ACP-10"):
            found[code] = (2, False)
    extras = {
        "reablement": {"RB-01": (3, True), "TA-01": (2, False), "MHD-01": (2, True)},
        "careworker": {"MHD-01": (2, True)}, "seniorcare": {"MHD-01": (3, True), "TA-01": (2, False)},
        "leadcare": {"MHD-01": (3, True), "TA-01": (2, True)},
        "mhsw": {"MHD-01": (3, True), "WB-01": (2, False)},
        "splw": {"SP-01": (3, True), "MHD-01": (2, False)}, "carecoord": {"SP-01": (2, True)},
        "paramedic": {"PC-01": (2, True)}, "ecsw": {"PC-01": (1, False)},
        "socialworker": {"TA-01": (2, False), "SP-01": (2, False), "MHD-01": (3, True)},
        "ot": {"RB-01": (3, True), "TA-01": (3, True)},
        "hca3": {"MHD-01": (2, False)}, "tna": {"MHD-01": (2, False)},
    }
    found.update(extras.get(role, {}))
    return found
