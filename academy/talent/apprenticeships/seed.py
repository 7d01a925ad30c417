"""Reference data the platform starts with: the health and care apprenticeship standards and the
funding rules by effective date (England, as published up to mid-2026).

Coordinators update both in the application: standards by importing the official list, rules by
adding a dated row. Figures whose source was weak carry a low or unverified confidence note and
show as "to confirm" until the official list confirms them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

STANDARDS_CSV = """\
reference,title,level,typical_duration_months,max_funding_band_gbp,status,funding_withdrawn_from,min_off_the_job_hours,source_url,confidence
ST0216,Healthcare support worker,2,12,3000,approved,,,https://haso.skillsforhealth.org.uk/st0216-l2-healthcare-support-worker-standard/,"medium: HASO key-info page (updated 09/05/2023) says 12 months to gateway + 3 months EPA, max funding £3,000; LSCT Training Hub course page also lists £3,000"
ST0217,Senior healthcare support worker,3,15,9000,approved,,,https://lscthub.co.uk/?p=49306,"low: conflicting sources. LSCT hub course page (15-month programme) lists cost £9,000; 2018 sources reported a rise from £3,000 to £5,000 (informationhub.org.uk). Check Skills England"
ST0827,Nursing associate (NMC 2018) - also the 'trainee nursing associate' route,5,24,15000,approved,,,https://sdstraininghub.co.uk/faq-items/what-is-the-apprenticeship-levy/,"medium: £15,000 inferred from '5% = £750'. 24 months per HEE/university pages. ST0827 code taken from a third-party code list; ST0508 was the earlier version"
ST0781,Registered nurse degree (NMC 2018),6,48,26000,approved,,,https://www.lscthub.co.uk/course/registered-nurse-level-6-2/,"medium: UCLan via LSCT hub, £26,000 and 48 months (24-month top-up for NAs/APs)"
ST0005,Adult care worker,2,12,4000,approved,,,https://vts.ac.uk/adult-social-care,"medium: funding band £4,000 and typical 12 months (VTS). Norton Webb and Focus Training also give £4,000; Norton Webb says typically 15 months"
ST0006,Lead adult care worker,3,18,4000,approved,,,https://vts.ac.uk/adult-social-care,"medium-low: VTS gives £4,000 and 18 months. An older CACHE brief said 'up to £3k', probably an earlier band"
ST0007,Lead practitioner in adult care,4,18,7000,funding_withdrawn,2026-09-01,,https://vts.ac.uk/adult-social-care,medium: band and duration from VTS. ST0007 code not confirmed in any source. Government funding to be WITHDRAWN from September 2026 (help.apprenticeships.education.gov.uk 'Streamlining apprenticeships')
ST0008,Leader in adult care,5,,7000,approved,,,https://vts.ac.uk/adult-social-care,"medium: £7,000 per VTS. Duration was cut off in the source excerpt (believed about 24 months; not verified)"
ST0564,Advanced clinical practitioner (integrated degree),7,36,12000,approved,,,https://www.lscthub.co.uk/course/advanced-clinical-practitioner-level-7/,"medium: UCLan rate £11,500, 'usually £12,000'. The course itself runs 24 months; 36 months is the usual standard duration (not verified). Level 7: since 1 Jan 2026, new starts funded only if aged under 22 (or under 25 for care leavers/EHCP)"
ST0517,Occupational therapist (integrated degree),6,36,24000,approved,,,https://healthworkforce.hsu.ac.uk/course?id=120681,"medium-high: 2025/26 course fee £24,000 for ST0517 (ARU also £24,000). Duration 36 months at Northampton/HSU, 48 months at UWE/Bucks"
ST0519,Physiotherapist (integrated degree),6,48,24000,approved,,,https://www.aru.ac.uk/study/degree-apprenticeships/employer/our-courses/physiotherapy-employer-information,"medium: ARU levy cost £24,000; UWE says 4 years. The ST0519 v1.0 page on Skills England is retired; a newer version exists"
ST0567,Paramedic (integrated degree),6,,,approved,,,https://news.cumbria.ac.uk/news/new-apprenticeship-promises-paramedic-career-to-more-people,"unverified: funding band NOT FOUND in sources (often quoted as £27,000; confirm on Skills England). Cumbria route for experienced ambulance staff takes 2 years. ST0567 code taken from a third-party code list"
ST0300,Pharmacy technician (integrated),3,24,,approved,,,https://www.buttercupstraining.co.uk/course/pharmacy-technician-training-programme-apprenticeship-pathway,unverified band: typical minimum 24 months (Buttercups); funding band not found; ST0300 code from memory
ST0582,Operating department practitioner (integrated degree),6,48,24000,approved,,,https://findapprenticeshiptraining.sfa.bis.gov.uk/Apprenticeship/Standard/306/operating-department-practitioner-degree,"medium-low: from an OLD (about 2018/19) Find Apprenticeship Training page, 'up to £24,000', typical 48 months. Many programmes now run 36 months (2 years on an accelerated route)"
ST0070,Business administrator,3,,,approved,,,,"unverified: ST0070 code confirmed only in a third-party list; band and duration not found (believed £5,000 and about 18 months). A new level 2 admin apprenticeship limited to under-25s has been reported (FE Week headline)"
ST0384,Team leader or supervisor,3,15,,funding_withdrawn,2026-09-01,,https://help.apprenticeships.education.gov.uk/hc/en-gb/articles/34005626548626-Streamlining-apprenticeships,"low: band not found in an official source (a third-party dataset says £5,000 with 15 months; historically believed £4,500). Funding WITHDRAWN from September 2026"
ST0385,Operations or departmental manager,5,30,7000,funding_withdrawn,2026-09-01,,https://help.apprenticeships.education.gov.uk/hc/en-gb/articles/34005626548626-Streamlining-apprenticeships,"low-medium: £7,000 and 30 months from a third-party dataset (levytate-wren) and memory. Funding WITHDRAWN from September 2026 ('Operations Manager - Level 5')"
ST0215,Healthcare assistant practitioner,5,18,,retired,,,https://www.futurequals.com/qualifications/level-5-healthcare-assistant-practitioner/,"unverified band: standard shown as RETIRED (FutureQuals); 18 months excluding EPA; band not found (believed £12,000); replacement 'assistant practitioner' standard code not verified"
ST0510,Social worker (integrated degree),6,36,24000,approved,,,https://markwalton.co.uk/community-care-adults/400-additional-social-work-apprenticeships-on-cards-as-councils-invited-to-bid-for-12m-fund/,"medium: Community Care report says a three-year degree 'tends to be £24,000'; Lincoln says 36 months; Morethanfeet also gives £24,000 for its 3-year programme"
FA-HSC,Health and social care foundation apprenticeship,2,8,3000,approved,,187,https://www.aelp.org.uk/policy-and-research-topics/what-are-foundation-apprenticeships-and-who-are-they-for,"medium-high: reference code not verified (FA-HSC used here). AELP briefing (May 2025) gives a £3,000 band; FE Week gives typical 8 months; ages 16-21 (22-24 with EHCP, care experience or prison leaver); 187 OTJ hours minimum"
"""


D = Decimal
YOUNG_INCENTIVE = {
    "kind": "young", "name": "Employer incentive for a young apprentice", "max_age": 18,
    "extended_max_age": 24,
    "stages": [[90, "500", "after 90 days in learning"], [365, "500", "after 365 days in learning"]],
    "source": "ESFA apprenticeship funding rules (from May 2017), employer incentive payments: "
              "£1,000 for apprentices aged 16 to 18, or 19 to 24 with an education, health and "
              "care plan or care experience, paid in two equal instalments at 90 and 365 days",
}
FOUNDATION_INCENTIVE = {
    "kind": "foundation", "name": "Foundation apprenticeship employer incentive",
    "stages": [[None, None, "first instalment, during the foundation apprenticeship"],
               [None, None, "second instalment, during the foundation apprenticeship"],
               [None, None, "final instalment, when the apprentice progresses to their next "
                            "apprenticeship"]],
    "source": "DfE apprenticeship funding rules 2025 to 2026 (August 2025) and written answer "
              "of 30 October 2025: up to £2,000 in three instalments, the first two spread "
              "across the foundation apprenticeship, the last on progression (stage amounts and "
              "days to confirm in the funding rules)",
}
_LEVY_2017 = {
    "top_up_percent": D(10), "expiry_months": 24, "levy_co_investment_percent": D(10),
    "non_levy_co_investment_percent": D(10), "young_fully_funded_max_age": 18,
    "young_extended_max_age": 24, "young_full_funding_max_staff": 49, "transfer_cap_percent": D(0),
    "minimum_duration_months": 12, "part_time_threshold_hours": 30, "qualifying_period_days": 42,
    "otj_basis": "percent_of_hours", "otj_percent": D(20), "otj_weekly_hours_cap": None,
    "otj_floor_hours": None, "foundation_max_age": None, "foundation_extended_max_age": None,
    "incentives": [YOUNG_INCENTIVE], "level7_max_age": None, "level7_extended_max_age": None,
    "assessment_term": "end-point assessment", "gateway_term": "gateway",
    "assessment_organisation_term": "end-point assessment organisation (EPAO)",
}
_TRANSFERS_2018 = {**_LEVY_2017, "transfer_cap_percent": D(10)}
_APRIL_2019 = {**_TRANSFERS_2018, "levy_co_investment_percent": D(5),
               "non_levy_co_investment_percent": D(5), "transfer_cap_percent": D(25)}
_AUGUST_2022 = {**_APRIL_2019, "otj_weekly_hours_cap": 30}
_APRIL_2024 = {**_AUGUST_2022, "young_fully_funded_max_age": 21, "young_full_funding_max_staff": None}
_TRANSFERS_2024 = {**_APRIL_2024, "transfer_cap_percent": D(50)}
_AUGUST_2025 = {**_TRANSFERS_2024, "minimum_duration_months": 8, "part_time_threshold_hours": None,
                "otj_basis": "standard_minimum", "otj_floor_hours": 187, "otj_weekly_hours_cap": None, "foundation_max_age": 21,
                "foundation_extended_max_age": 24,
                "incentives": [YOUNG_INCENTIVE, FOUNDATION_INCENTIVE]}
_JANUARY_2026 = {**_AUGUST_2025, "level7_max_age": 21, "level7_extended_max_age": 24}
_AUGUST_2026 = {
    **_JANUARY_2026, "top_up_percent": D(0), "expiry_months": 12,
    "levy_co_investment_percent": D(25), "young_fully_funded_max_age": 24,
    "assessment_term": "apprenticeship assessment", "gateway_term": "gateway to completion",
    "assessment_organisation_term": "assessment organisation",
}

# (effective from, name, values, notes, source): each row is complete, so the rule in force on a
# day is simply the latest row that has started. Rules about an apprenticeship (co-investment,
# minimum duration, off-the-job hours, ages, incentives) apply by its start date; rules about
# funds (top-up, expiry) by the month they enter; the transfer cap by the day of the pledge.
FUNDING_RULES = [
    (date(2017, 4, 6), "Levy introduced", _LEVY_2017,
     "Funds enter with a 10% top-up and expire after 24 months; co-investment 10% (government "
     "90%); no transfers between employers; non-levy employers with fewer than 50 staff have "
     "16 to 18 year olds (19 to 24 with a care plan or care experience) fully funded; "
     "off-the-job training 20% of all working hours; minimum duration 12 months, longer pro rata "
     "below 30 hours a week; no payment before 42 days in learning.",
     "ESFA apprenticeship funding rules for employers, May 2017 to March 2018 (version 1, "
     "March 2017); HM Revenue and Customs, Apprenticeship Levy, 6 April 2017"),
    (date(2018, 4, 1), "April 2018: levy transfers", _TRANSFERS_2018,
     "Levy payers may transfer up to 10% of their funds to other employers.",
     "ESFA apprenticeship funding rules 2018 to 2019 (April 2018): transfers"),
    (date(2019, 4, 1), "April 2019: co-investment 5%, transfers 25%", _APRIL_2019,
     "Co-investment 5% for apprenticeships starting from 1 April 2019 (earlier starts keep 10% "
     "for their whole duration); transfers up to 25%.",
     "Budget 2018 (29 October 2018); ESFA apprenticeship funding rules from April 2019 "
     "(version 1, March 2019)"),
    (date(2022, 8, 1), "August 2022: 6 hours a week off the job", _AUGUST_2022,
     "Off-the-job training 6 hours a week for apprentices working 30 hours or more, pro rata "
     "(20% of contracted hours) below 30.",
     "ESFA apprenticeship funding rules 2022 to 2023 (August 2022); Off-the-job training: "
     "policy background and examples (ESFA, August 2022)"),
    (date(2024, 4, 1), "April 2024: young apprentices fully funded", _APRIL_2024,
     "Non-levy employers of any size: government pays 100% for apprentices aged 16 to 21 (22 to "
     "24 with an education, health and care plan or care experience).",
     "ESFA apprenticeship funding rules 2023 to 2024, version 2 (April 2024)"),
    (date(2024, 4, 22), "April 2024: transfer cap raised to 50%", _TRANSFERS_2024,
     "Levy payers may transfer up to 50% of the previous tax year's funds.",
     "DfE, apprenticeship levy transfers: allowance increased to 50% from 22 April 2024 "
     "(apprenticeship service help centre, April 2024)"),
    (date(2025, 8, 1), "August 2025: shorter minimum duration, published off-the-job hours",
     _AUGUST_2025,
     "Minimum duration 8 months for new starts, with no part-time extension; each standard has "
     "its own published minimum off-the-job hours (187 hours is only the absolute floor: a "
     "standard whose figure is not known is to confirm); foundation apprenticeships for ages 16 "
     "to 21 (22 to 24 with a care plan, care experience or as a prison leaver) with an employer "
     "incentive of up to £2,000.",
     "DfE apprenticeship funding rules 2025 to 2026 (version 1, August 2025); DfE published "
     "off-the-job minimum hours by standard (August 2025)"),
    (date(2026, 1, 1), "January 2026: level 7 limited to young apprentices", _JANUARY_2026,
     "Level 7 new starts funded only for apprentices under 22 (under 25 for care leavers or with "
     "an education, health and care plan).",
     "DfE apprenticeship funding rules 2025 to 2026, version 2 (January 2026): level 7"),
    (date(2026, 8, 1), "August 2026: growth and skills levy", _AUGUST_2026,
     "For apprenticeships starting from 1 August 2026: levy payers who have used their funds pay "
     "25%, non-levy employers' apprentices aged 16 to 24 fully funded, new assessment terms. "
     "No top-up on new funds; new funds expire after 12 months (whether this applies to funds "
     "that entered earlier is unclear, so each credit keeps the expiry in force when it "
     "entered).",
     "DfE apprenticeship funding rules 2026 to 2027: summary of changes (gov.uk, \"apply to all "
     "apprenticeships starting on or after 1 August 2026\")"),
]
