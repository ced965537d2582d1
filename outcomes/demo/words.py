"""The words of the demo history: what its service managers and regulators write.

Sentences are short and plain, written the way a manager would write a review at the
end of a busy quarter. The demo combines them differently for each service and
quarter (see outcomes.demo.story), so no two reviews read the same.
"""

from __future__ import annotations

from dataclasses import dataclass

AREAS = (
    "early_help",
    "adult_social_care",
    "childrens_social_care",
    "neighbourhood_health",
    "public_health",
    "housing",
    "employment",
    "community_safety",
)

# What changed for people, what the service tried, and what it commits to next, by
# service area. Commitments finish the sentence "We will ...".
CHANGED: dict[str, tuple[str, ...]] = {
    "early_help": (
        "More families came to us before things reached crisis point: about a third of new "
        "requests this quarter came from parents asking for help themselves.",
        "Parents tell us they no longer have to explain their situation three times. The same "
        "worker now stays with a family from the first visit until support ends.",
        "Waiting times for a first home visit fell, but families waiting for a "
        "neurodevelopmental assessment are still stuck, and it shows in what they tell us.",
        "Fewer families were stepped up to children's social care, and those that were came "
        "with a clearer picture of what had already been tried.",
        "Dads and male carers are coming to the hub more since we started Saturday morning "
        "sessions.",
    ),
    "adult_social_care": (
        "People waiting for an assessment are now contacted within a week by someone who knows "
        "their neighbourhood, rather than left on a list.",
        "More people stayed living at home after a fall, because support started within days "
        "rather than weeks.",
        "Unpaid carers told us they feel more listened to, though several said a short break "
        "is still very hard to arrange at short notice.",
        "Fewer people went into residential care straight from hospital this quarter.",
        "People told us they like being asked what a good day looks like for them before "
        "anyone talks about services.",
    ),
    "childrens_social_care": (
        "Fewer children came into care this quarter, and more were supported to stay with "
        "grandparents or other relatives.",
        "Young people told us they had fewer changes of social worker, although turnover in one "
        "team is still high.",
        "Family group conferences now happen early, before court is considered, and families "
        "are taking them up.",
        "Fewer families were referred to us again within a year of their case closing.",
    ),
    "neighbourhood_health": (
        "People with several long-term conditions now see one team that includes a GP, a "
        "nurse, a social worker and a community connector.",
        "Emergency admissions for people on the team's caseload fell compared with the same "
        "quarter last year.",
        "Residents can drop in to the neighbourhood centre without an appointment, and people "
        "who never contacted their GP are now coming in.",
        "Some people still find it confusing who to call out of hours, and told us so.",
    ),
    "public_health": (
        "People who came for money advice at their surgery said their anxiety eased once their "
        "debts were in one plan.",
        "More households claimed benefits they were entitled to, which brought real money into "
        "the area.",
        "Uptake of health checks rose among men in their forties and fifties, a group we had "
        "struggled to reach.",
        "Quit rates held up, but fewer people from the estates we most wanted to reach signed "
        "up for stop smoking support.",
    ),
    "housing": (
        "Fewer families were placed in bed and breakfast, and none stayed longer than six "
        "weeks this quarter.",
        "Tenants behind on rent were contacted earlier, and more of them kept their homes.",
        "In most cases, people leaving hospital no longer wait on a ward because they have "
        "nowhere suitable to go.",
        "Temporary accommodation is still full, and families placed outside the area face long "
        "journeys to school.",
    ),
    "employment": (
        "More people who had been out of work for over a year moved into jobs, and most were "
        "still in work three months later.",
        "Young people who left school without a place now get support within a fortnight "
        "rather than waiting for a referral.",
        "Several people said the biggest change was having an adviser who did not give up on them.",
        "Job starts fell slightly this quarter as two large local employers paused recruitment.",
    ),
    "community_safety": (
        "Residents on the two estates we focused on said they feel safer walking home at night.",
        "Repeat calls to the police about the same addresses fell compared with last quarter.",
        "Young people at risk of exploitation were offered a trusted adult in the same week "
        "they came to our attention.",
        "Antisocial behaviour moved to a nearby park rather than stopping, and we need to be "
        "honest about that.",
    ),
}

TRIED: dict[str, tuple[str, ...]] = {
    "early_help": (
        "We placed a housing officer and a welfare rights adviser in the family hub two days a "
        "week, so money and housing problems are picked up in the same conversation.",
        "We stopped using the long referral form for families who come to us themselves and "
        "replaced it with a short conversation.",
        "Midwives and health visitors started meeting our family workers every fortnight to "
        "talk through families they are worried about, with the families' agreement.",
        "We tested a team around the school in three primary schools, with one named family "
        "worker for each school.",
    ),
    "adult_social_care": (
        "Link workers began holding drop-ins at two GP surgeries and the library, so people "
        "can talk to someone without a referral.",
        "We trialled conversation-first assessments: the practitioner talks with the person "
        "about what matters to them before any forms are filled in.",
        "We gave frontline practitioners a small budget they can spend without sign-off, to "
        "solve practical problems quickly.",
        "We worked with a local carers' group to design a simpler way for carers to ask for a "
        "break.",
    ),
    "childrens_social_care": (
        "We brought family group conferences forward so they happen at the first child "
        "protection conference, not as a last resort.",
        "We tested pairing a social worker with a family support worker for each family, "
        "sharing one caseload.",
        "Young people with experience of care interviewed applicants for social work posts.",
        "We cut the number of recording templates practitioners complete after a visit.",
    ),
    "neighbourhood_health": (
        "We held a weekly huddle where the GP practice, district nurses, social care and the "
        "housing association talk about people they are worried about.",
        "We shared one care plan across the practice and the council's records, with people's "
        "consent.",
        "Community connectors knocked on doors in two streets with high emergency admissions "
        "to ask what would help.",
        "We moved the falls prevention classes from the hospital to the community centre.",
    ),
    "public_health": (
        "GPs and practice nurses can now book a money advice appointment straight into the "
        "adviser's diary during a consultation.",
        "We ran health checks at the football ground on match days.",
        "We gave local community groups small grants to run walking groups in their own "
        "neighbourhoods.",
        "We sent screening invitations by text in five community languages.",
    ),
    "housing": (
        "We started calling tenants within a week of a first missed payment, offering money "
        "advice rather than a warning letter.",
        "We agreed a deal with private landlords: we help with repairs and deposits, and they "
        "offer longer tenancies.",
        "A housing officer joined the hospital discharge team two mornings a week.",
        "We gave caseworkers a small fund to clear arrears where that costs less than rehousing.",
    ),
    "employment": (
        "Advisers met people in libraries and community centres instead of asking them to "
        "come to the jobcentre.",
        "We paired people with a mentor from a local employer for their first three months in "
        "work.",
        "We offered help with childcare costs in the first month of a new job.",
        "A mental health practitioner joined the team for part of the week, as many people "
        "told us anxiety held them back.",
    ),
    "community_safety": (
        "Police, youth workers and housing officers walked the estates together once a week "
        "and met residents.",
        "We set up one meeting to agree a single plan for each household with repeated calls, "
        "instead of each agency acting alone.",
        "Youth workers ran evening sessions at the sports centre during the school holidays.",
        "We asked residents to choose how a small budget for local improvements is spent.",
    ),
}

COMMITMENTS: dict[str, tuple[str, ...]] = {
    "early_help": (
        "extend the Saturday sessions to a second hub",
        "agree one consent form with health visiting, so families sign once rather than twice",
        "ask every family at the end of support what made the difference",
        "take the team around the school to two secondary schools",
    ),
    "adult_social_care": (
        "roll conversation-first assessments out to the hospital discharge team",
        "publish a plain guide to what people can expect from us, written with people who use "
        "the service",
        "look at how the practitioner budget was spent and whether it prevented bigger costs",
        "record what matters to people in a way we can report on, not only the services they "
        "receive",
    ),
    "childrens_social_care": (
        "offer a family group conference to every family at the first strategy discussion",
        "count how many changes of worker each child has, and share it with the young "
        "people's forum",
        "give practitioners one protected afternoon a month for reflective supervision",
        "work with the family court to shorten the wait for a first hearing",
    ),
    "neighbourhood_health": (
        "agree one out-of-hours number for people on the team's caseload",
        "bring the community pharmacy into the weekly huddle",
        "ask people whether they had to tell their story more than once",
        "start the huddle in a second neighbourhood",
    ),
    "public_health": (
        "offer money advice appointments in two more practices",
        "ask people who did not sign up for stop smoking support why, and change the offer",
        "keep the match-day health checks going for the rest of the season",
        "share our benefit take-up figures with the NHS trust so the gains are counted",
    ),
    "housing": (
        "bring another fifty homes into the landlord deal",
        "report how many households we helped before they received a notice, not only after",
        "work with schools to help families placed out of the area keep their school places",
        "bring a welfare rights adviser into every prevention interview",
    ),
    "employment": (
        "ask five more local employers to offer supported work trials",
        "keep in touch with everyone for six months after they start work",
        "agree a faster route onto college courses for people we support",
        "count progress in work as well as job starts",
    ),
    "community_safety": (
        "extend the joint walks to the park where the problems moved",
        "bring the schools into the household meeting",
        "ask residents every quarter whether they feel safer, using the same questions",
        "keep the evening sessions running in term time",
    ),
}

GENERAL_COMMITMENTS = (
    "share what we learned at the regional learning network",
    "ask people who use the service to help us review this quarter's changes",
    "stop collecting two measures nobody uses, and give that time back to visits",
)

# What happened to a commitment, said in the next review after "We said we would ...".
COMMITMENT_OUTCOMES = (
    "We did, and it is now part of how the team works.",
    "Done, later than planned, but it was in place by the middle of the quarter.",
    "We did this. Early signs are good, and we will say more next time.",
    "We made a start, but only one team has changed so far.",
    "Partly: partners agreed in principle, but the detail is still being worked out.",
    "We did not manage this. Two vacancies meant we had to protect the core service first.",
    "Not yet, because it needs a decision outside our control. We have raised it with the "
    "partnership board.",
    "We changed our minds: once we looked properly, another approach made more sense.",
)

FIRST_REVIEW = (
    "This is our first review on this framework, so there are no earlier commitments to look "
    "back on."
)

LEARNED = (
    "What made the most difference was time: workers who were not rushing built trust faster "
    "than any new process did.",
    "Small practical help, like a bus pass or a boiler repair, often unlocked everything else.",
    "The change worked where the team leader trusted staff to use their judgement, and "
    "stalled where every decision still went up the line.",
    "Sharing information was easier than we feared once we asked people directly and told "
    "them why.",
    "We underestimated how long it takes to build relationships with community groups. It "
    "took most of the quarter before people started to come through them.",
    "Our data told us who used the service but not who did not. Talking to people who had "
    "dropped out told us more than another report would have.",
    "Not everything worked. The drop-in at the council offices was hardly used, because people "
    "do not see the building as welcoming.",
    "Staff morale rose when they could see the difference their work made, and fell when we "
    "asked for the same information in three systems.",
    "Partners were readier to pool effort when we started from a shared problem rather than "
    "from whose budget it was.",
    "People who have used the service spotted barriers in our process that none of our own "
    "reviews had found.",
    "Short-term funding made it hard to keep good staff: we lost two experienced workers to "
    "permanent jobs elsewhere.",
    "Targets pulled attention back to counting contacts rather than asking whether anything "
    "had changed.",
    "Many people first asked for help for someone else: a neighbour, a parent or a friend.",
    "Being open in the evening and at weekends mattered more than we expected, especially to "
    "people in work.",
)

# A sentence about what got worse, added to some accounts of what changed.
SETBACKS = (
    "Not everything improved: waiting lists grew while two posts were vacant.",
    "Demand rose faster than we could respond, and some people waited longer than they "
    "should have.",
    "The cost of living is showing in almost every conversation, and more people are in debt "
    "when they first come to us.",
    "We lost a partner organisation when its funding ended, and the gap is still there.",
)

# Who gained and who missed out, each with the service areas it could come from.
WHO_BENEFITED: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        ("early_help", "childrens_social_care"),
        (
            "Families with younger children gained most. Families with teenagers were less likely "
            "to take up the offer, and we need to understand why."
        ),
    ),
    (
        ("neighbourhood_health", "public_health", "adult_social_care"),
        (
            "People already in touch with a GP benefited more than those who were not. We are "
            "working with community groups to reach the others."
        ),
    ),
    (
        ("adult_social_care", "neighbourhood_health", "public_health"),
        (
            "Older people living alone did well from the home visits. People whose first language "
            "is not English were under-represented, so we are recruiting bilingual volunteers."
        ),
    ),
    (
        AREAS,
        (
            "Men were far less likely than women to ask for help. The evening sessions brought some"
            " in, but not enough."
        ),
    ),
    (
        AREAS,
        (
            "People living furthest from our base used the service less. An outreach day each week "
            "has started to close that gap."
        ),
    ),
    (
        AREAS,
        (
            "Disabled people told us parts of the building and our forms were hard to use. We have "
            "changed the forms; the building will take longer."
        ),
    ),
    (
        ("early_help", "childrens_social_care", "adult_social_care"),
        ("Young carers gained from the new group, but we think many are still unknown to us."),
    ),
    (
        ("public_health", "housing", "employment"),
        (
            "People on the lowest incomes gained most from the money advice. People just above "
            "benefit thresholds fell through the gap."
        ),
    ),
    (
        ("community_safety",),
        (
            "Young people on the two estates gained most. Older residents still feel unsafe after "
            "dark, and we have not yet reached them."
        ),
    ),
    (
        ("housing",),
        (
            "Families with children gained most from the early contact. Single men under 35 were "
            "least likely to be helped before a crisis, and we are changing that."
        ),
    ),
    (
        ("employment",),
        (
            "People with a long-term health condition moved into work more slowly, so we are adding"
            " support in the first months of a job."
        ),
    ),
)

# How a service knows what it claims, added to evidence; {n} is a number it chose.
HOW_WE_KNOW = (
    "We audited {n} case files this quarter, and they bear this out.",
    "Our survey of {n} people who used the service says the same.",
    "{n} staff answered our team survey, and most of them agree.",
    "We heard the same in {n} conversations with families at the end of their support.",
    "Managers observed {n} visits with the people being visited, who agreed to it, and "
    "saw this in practice.",
    "Partners reviewed {n} shared cases with us, and reached the same view.",
    "Our lived experience panel ({n} members) looked at this with us and agreed.",
)

# What people who use a service said, quoted in accounts of what changed.
SPEAKERS = (
    "One parent",
    "An older man",
    "A young person",
    "A carer",
    "One resident",
    "A woman we supported",
    "A father",
)
QUOTES = (
    "I didn't have to explain it all again.",
    "She rang me back when she said she would.",
    "It's the first time anyone asked what I wanted.",
    "I thought I'd be judged, and I wasn't.",
    "They sorted the boiler before anything else.",
    "I know who to call now.",
    "It felt like they were on my side.",
    "I wish I'd known about this a year ago.",
    "The forms were still the hardest part.",
    "Having someone come to the house made all the difference.",
    "Nobody rushed me.",
    "I was passed around less, but I still waited too long.",
)

# Evidence for a rubric level: "low" for the lower two levels, "high" for the upper two.
EVIDENCE: dict[str, dict[str, tuple[str, ...]]] = {
    "relational": {
        "low": (
            "Most people still see several workers during their support, and caseloads are too "
            "high for the time relationships need.",
            "Where workers have stayed with families the feedback is warm, but that depends on "
            "a few individuals.",
            "In our survey, fewer than half of people could name the worker supporting them.",
        ),
        "high": (
            "Almost everyone we support has a named worker, and in our survey most could name "
            "them and said they felt listened to.",
            "Team leaders keep caseloads down so workers can spend longer with people, and it "
            "shows in what people tell us.",
            "People describe the relationship as the most important part of the support. "
            "Several said it was the first time someone had stuck with them.",
        ),
    },
    "strengths_based": {
        "low": (
            "Our assessment paperwork still starts with problems and risks, and conversations "
            "tend to follow it.",
            "Some practitioners start from what people can do, but it is not yet the norm "
            "across the team.",
        ),
        "high": (
            "Plans start from what people want for themselves, and they are written in their "
            "words.",
            "We now ask about people's friends, family and what is already working before we "
            "talk about services.",
        ),
    },
    "holistic": {
        "low": (
            "We still tend to deal with the reason someone came to us and refer the rest "
            "elsewhere.",
            "Budgets are split by need, so workers find it hard to act on problems outside their "
            "own service.",
        ),
        "high": (
            "Workers can act on housing, money and health problems in the same conversation, "
            "without a new referral each time.",
            "Plans now cover the whole household, not only the person who was referred.",
        ),
    },
    "preventative": {
        "low": (
            "Most of our time still goes on people who are already in crisis.",
            "Our early help offer depends on a short-term grant, so we cannot plan beyond this "
            "year.",
        ),
        "high": (
            "More than half of new contacts now come before a crisis, through GPs, schools and "
            "community groups who know to call us early.",
            "We moved two posts from the crisis team to early help, and crisis referrals have "
            "not risen.",
        ),
    },
    "joined_up": {
        "low": (
            "Each partner still has its own referral route, and people are passed between them.",
            "We meet partners regularly, but information and budgets stay separate.",
        ),
        "high": (
            "Partners plan together each week around named people and work from one record, "
            "with consent.",
            "The NHS and the council now fund two posts jointly and agree priorities together.",
        ),
    },
    "adaptive": {
        "low": (
            "Plans are set for the year, and it is hard to change course part of the way through.",
            "Teams try things informally, but we have no routine way of learning from them.",
        ),
        "high": (
            "We test a change in one team for a few weeks, look at what happened, and decide "
            "together whether to keep it.",
            "Staff raise what is not working at a monthly learning session, and we act on it.",
        ),
    },
    "equitable": {
        "low": (
            "We know who uses the service, but not who is missing out.",
            "Everyone gets the same offer, whatever barriers they face.",
        ),
        "high": (
            "Every quarter we look at take-up by neighbourhood, ethnicity and disability, and "
            "we have moved outreach to the areas we were missing.",
            "People facing the biggest barriers now get longer support, and a worker who speaks "
            "their language where they need one.",
        ),
    },
}
# 1.x asked about both halves at once.
EVIDENCE["strengths_holistic"] = {
    band: EVIDENCE["strengths_based"][band] + EVIDENCE["holistic"][band] for band in ("low", "high")
}

# Stories of change, each with the service areas it could come from.
STORIES: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        ("early_help", "housing"),
        (
            "A mother of three came to the hub because her youngest was not sleeping. Over a cup of"
            " tea she mentioned rent arrears and the letters she had stopped opening. Her worker "
            "sat with her while she opened them, and the housing officer agreed a repayment plan "
            "that week. Six months on the arrears are cleared and she helps run the parents' group."
        ),
    ),
    (
        ("adult_social_care", "neighbourhood_health"),
        (
            "A man in his seventies had been to hospital four times after falls. Nobody had asked "
            "what he missed. He said his allotment. His link worker found a gardening group that "
            "gives him a lift each week. He has not fallen since, and says he has a reason to get "
            "up."
        ),
    ),
    (
        ("housing", "childrens_social_care"),
        (
            "A young woman leaving care was about to lose her first flat. Instead of sending a "
            "notice, the housing officer rang her. Her benefits had stopped when she started a "
            "college course. They were restored within a fortnight, and she kept her home and her "
            "place."
        ),
    ),
    (
        ("employment",),
        (
            "A father who had not worked for six years joined a work trial at a local garage, with "
            "a mentor from the firm. He was worried about his reading, so his mentor went through "
            "the safety manual with him. He was taken on after the trial."
        ),
    ),
    (
        ("community_safety", "early_help"),
        (
            "Two brothers kept being picked up by the police near the shopping centre. A youth "
            "worker who knew their older sister started meeting them after school and helped their "
            "mum get support with the younger children. Neither boy has been in trouble since the "
            "summer."
        ),
    ),
    (
        ("neighbourhood_health", "public_health"),
        (
            "A woman with diabetes and depression had missed most of her appointments. The team "
            "noticed she came to the food bank every Thursday, so the nurse started seeing her "
            "there. Her blood sugar is now under control, and she says people are on her side at "
            "last."
        ),
    ),
    (
        ("housing",),
        (
            "A family of five living in one room of temporary accommodation moved into a house "
            "through the landlord scheme. The children now walk to school. Their mum says the "
            "biggest change is that they can eat round a table together."
        ),
    ),
    (
        ("childrens_social_care", "early_help"),
        (
            "A grandmother caring for two grandchildren was close to giving up. Her family group "
            "conference brought in an aunt and a neighbour to share the school runs. The children "
            "stayed with her, and she now goes to a kinship carers' group at the library."
        ),
    ),
    (
        ("housing", "adult_social_care"),
        (
            "A man who had slept rough for two years was offered a flat without first having to "
            "prove he was ready. His worker visited every day at first. He has kept the tenancy for"
            " a year and volunteers at the day centre where he used to queue for breakfast."
        ),
    ),
    (
        ("early_help", "childrens_social_care"),
        (
            "A teenager who had stopped going to school told her family worker she was caring for "
            "her mum most nights. The worker arranged support for her mum and a young carers' group"
            " for her. She is back at school most days and applying to sixth form."
        ),
    ),
    (
        ("public_health", "neighbourhood_health"),
        (
            "A man in his fifties came to a health check at the football ground because his mates "
            "were going. His blood pressure was dangerously high. He now sees the practice nurse "
            "every month and has joined the club's walking group."
        ),
    ),
    (
        ("employment", "community_safety"),
        (
            "A young woman who left school with no qualifications met an adviser at the library. "
            "The adviser found her a place on a care course with a paid placement. She is now an "
            "apprentice at a local care home and says it is the first job where she feels trusted."
        ),
    ),
)

# Wigan's extension asks what its investment in community groups made possible.
COMMUNITY_INVESTMENT = (
    "Grants to three community groups paid for a weekly warm space and lunch club. The groups "
    "now see people they had never met, and some asked for help with forms, which we picked up "
    "straight away.",
    "A small grant to a tenants' association paid for a community garden. Residents say the "
    "estate feels friendlier, and the group now runs a homework club in the same space.",
    "We funded a men's group at the rugby club. Forty men came at least once, and several have "
    "since spoken to their GP about their mental health for the first time.",
    "The groups told us that simpler grant forms and payment in advance mattered as much as "
    "the money itself.",
)

# What services ask of central government, by barrier.
ASKS: dict[str, tuple[str, ...]] = {
    "devolution": (
        "Let councils and the combined authority pool employment support money locally, "
        "instead of each programme being run from Whitehall.",
        "Give places one settlement for prevention and early help, with the freedom to decide "
        "locally how it is spent.",
        "Hand decisions about adult skills and work support to the local partners who know the "
        "people involved.",
    ),
    "multi_year_funding": (
        "Confirm funding for three years, not one, so we can offer permanent contracts and keep "
        "the workers families trust.",
        "Stop announcing grants in February that must be spent by March. Give us at least a "
        "year's notice.",
        "Fold the separate short-term grants for family support into one allocation over "
        "several years.",
        "Settle council funding for the whole of a spending review period.",
    ),
    "health_council": (
        "Let the NHS and councils pool budgets for neighbourhood teams without a new legal "
        "agreement every year.",
        "Line up NHS and council planning cycles so that we agree joint priorities once.",
        "Give the integrated care board and the council one shared goal for keeping people well "
        "at home, not separate targets.",
    ),
    "prevention_investment": (
        "Let savings from prevention count across organisations, so money the NHS saves can be "
        "put back into council early help.",
        "Protect a share of funding for earlier help, so it is not swallowed by crisis pressures.",
        "Fund prevention for long enough to show results. Two-year pilots end just as the "
        "benefits start to show.",
    ),
    "commissioning": (
        "Allow longer contracts with local voluntary groups, and grants instead of tenders where "
        "relationships matter more than price.",
        "Simplify procurement rules so that small community groups can bid without specialist "
        "staff.",
        "Let us commission jointly with the NHS through one process rather than two.",
    ),
    "regulation": (
        "Inspect how well we learn and improve, not how many contacts we record.",
        "Cut the number of national returns that ask for the same figures in different formats.",
        "Let inspectors treat a well-run test that did not work as good practice, not failure.",
    ),
    "workforce": (
        "Fund care workers' pay to match the NHS for similar roles, so we stop losing staff to "
        "hospitals and supermarkets.",
        "Make it easier for experienced staff to move between NHS and council jobs without "
        "losing pay or pension.",
        "Support apprenticeships in social work and care that people can do while they earn.",
    ),
    "data_sharing": (
        "Publish clear national guidance that partners may share information to offer early "
        "help when the person agrees.",
        "Give us one consent model that the NHS, councils and the police all accept.",
        "Require national systems to let local partners see the same record, instead of each "
        "building its own.",
    ),
    # Before 1.1.0 added 'Data sharing', services cited it as 'Something else'.
    "other": (
        "Data sharing: partners are unsure what they may share, so families repeat their story. "
        "We need clear national guidance.",
        "Information sharing between the NHS and the council: different legal advice in each "
        "organisation stops us working from one record.",
        "Data protection rules are read so cautiously that GPs will not share concerns with our "
        "family workers, even with consent.",
    ),
}


@dataclass(frozen=True)
class Amendment:
    """A correction after submission: why, and what it changes."""

    reason: str
    change: str  # "people_supported", "equitable", "what_we_learned" or "multi_year_funding"


AMENDMENTS = (
    Amendment(
        "We counted some people twice across two teams. The corrected number of people "
        "supported is lower.",
        "people_supported",
    ),
    Amendment(
        "We added what we learned from people who left the service early, which was "
        "missing from the first submission.",
        "what_we_learned",
    ),
    Amendment(
        "We added a national barrier we had left out: the short notice we were given of this "
        "year's grant.",
        "multi_year_funding",
    ),
)

# Added to 'What we learned' by the amendment above.
LEARNED_ADDITION = (
    "People who left early told us the first appointment came too late. We now offer one "
    "within a week."
)


@dataclass(frozen=True)
class FeedbackThread:
    """A regulator's comment, the service's reply (if any), and the amendment it led to."""

    comment: str
    reply: str | None = None
    amendment: Amendment | None = None


FEEDBACK_THREADS = (
    FeedbackThread(
        "Thank you for a candid review. The link you draw between the housing officer in the "
        "hub and fewer step-ups is interesting. How will you know whether it lasts?",
        "Good question. We will track whether families come back to us within a year and "
        "report it next time.",
    ),
    FeedbackThread(
        "Your evidence for the joined-up level is strong. Two other places in the region are "
        "trying shared records, and we will put you in touch.",
        "We would welcome that. Our lead for shared records is happy to host a visit.",
    ),
    FeedbackThread(
        "The level you give for equity looks generous next to what you say about who is "
        "missing out. Could you look at it again with take-up by neighbourhood?",
        "Fair challenge. Looking again, we agree the level was too high and have amended it.",
        Amendment(
            "After the regulator's feedback we looked again at take-up by neighbourhood and "
            "lowered the level for equity.",
            "equitable",
        ),
    ),
    FeedbackThread(
        "The number of people supported is well below last quarter, with no explanation. Is "
        "this a change in how you count, or a real fall?",
        "We have checked: the first figure included people who only had a phone call. We have "
        "amended the review to correct it.",
        Amendment(
            "Corrected the number of people supported: we had included people who only had one "
            "phone call, which we agreed not to count.",
            "people_supported",
        ),
    ),
    FeedbackThread(
        "This is a useful account of a test that did not work. Please bring it to the next "
        "regional learning network; other places will gain from it.",
        "Thank you. Two of the team will present it next month.",
    ),
    FeedbackThread(
        "Thank you for setting out the funding barrier so clearly. Your ask is included in our "
        "summary for the department this year.",
    ),
    FeedbackThread(
        "The story of change shows what a consistent worker can do. What would it take to offer "
        "that to every family?",
    ),
    FeedbackThread(
        "Could you say more about how people with lived experience shaped the changes you "
        "describe?",
        "Parents from the hub's steering group chose which changes to test. We will describe "
        "that properly in our next review.",
    ),
)
