"""How one demo service answers its reviews over time.

A ``ServiceStory`` holds a service's state from quarter to quarter: its level on each
principle (a random walk that drifts upwards at its place's pace, with the odd setback),
how many people it works with, the sentences it has already used, and the commitments
its last review made, which the next one looks back on. Every choice comes from the
random generator it is given, so a story seeded the same way is told the same way.

Both the demo history (outcomes.demo.history) and the synthetic reviews
(outcomes.demo.synthetic) are written from these stories; only how they are stored differs.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from outcomes.demo import words
from outcomes.frameworks.definition import ChoiceItem, Item, NumberItem, RubricItem, TextItem
from outcomes.frameworks.models import FrameworkVersion
from outcomes.frameworks.store import as_definition
from outcomes.reviews.models import ConsentScope

# The answer column each item kind fills (barriers are cited, not answered).
VALUE_COLUMN = {
    "rubric": "value_level",
    "number": "value_number",
    "text": "value_text",
    "choice": "value_choices",
    "multichoice": "value_choices",
}

# Partners as the demo services name them, and the option each is in the framework.
PARTNER_OPTIONS = {
    "NHS": "nhs",
    "Voluntary and community sector": "vcse",
    "Police": "police",
    "Housing providers": "housing",
    "Schools and colleges": "education",
    "Jobcentre Plus": "dwp",
    "Residents and community groups": "community_groups",
    "Local employers": "employers",
}

# Roughly how many people a service in each area works with in a quarter.
AREA_PEOPLE = {
    "early_help": 180,
    "adult_social_care": 120,
    "childrens_social_care": 60,
    "neighbourhood_health": 260,
    "public_health": 220,
    "housing": 90,
    "employment": 110,
    "community_safety": 70,
}

# A principle split in two (2.0.0) starts each half from the level of the whole.
SPLIT_FROM = {"strengths_based": "strengths_holistic", "holistic": "strengths_holistic"}

LIVED_EXPERIENCE = ("not_involved", "informed", "consulted", "shaped", "led")


def quarters_from(first: date, count: int) -> list[tuple[date, date]]:
    """``count`` calendar quarters, the first starting on ``first`` (a quarter's first day)."""
    starts = [_add_months(first, 3 * n) for n in range(count + 1)]
    return [(starts[n], starts[n + 1] - timedelta(days=1)) for n in range(count)]


def quarters_ending(last_end: date, count: int) -> list[tuple[date, date]]:
    """``count`` calendar quarters, oldest first, the last ending on ``last_end``."""
    first = _add_months(last_end + timedelta(days=1), -3 * count)
    return quarters_from(first, count)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def version_for_period(versions: Sequence[FrameworkVersion], period_end: date) -> FrameworkVersion:
    """The version a review of the period is pinned to: the newest released by the time the
    review is started, just after the period ends (the oldest, for periods before any)."""
    filed = period_end + timedelta(days=1)
    released = [v for v in versions if v.released <= filed]
    return released[-1] if released else versions[0]


def at(day: date, rng: random.Random) -> datetime:
    """A moment in working hours on ``day``."""
    return datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=UTC)


@dataclass(frozen=True)
class Form:
    """What a review pinned to a core version (and its place's extension) answers."""

    version: FrameworkVersion
    extension: FrameworkVersion | None
    # The same as plain values, for code that must not touch ORM objects.
    version_id: int
    framework_id: int
    label: str
    extension_id: int | None
    items: tuple[Item, ...]  # core items then extension items, barriers items left out
    kinds: dict[str, str]  # item id -> kind, from the stored FrameworkItem rows
    barrier_item: str | None
    barriers: tuple[str, ...]
    scales: dict[str, tuple[int, ...]]

    @classmethod
    def pinned(cls, version: FrameworkVersion, extension: FrameworkVersion | None) -> Form:
        core = as_definition(version)
        rows = list(version.items) + (list(extension.items) if extension else [])
        kinds = {row.item_id: row.kind for row in rows}
        definitions = list(core.items) + (list(as_definition(extension).items) if extension else [])
        by_id = {item.id: item for item in definitions}
        barrier_item = next((i for i, kind in kinds.items() if kind == "barriers"), None)
        return cls(
            version=version,
            extension=extension,
            version_id=version.id,
            framework_id=version.framework_id,
            label=version.version,
            extension_id=extension.id if extension else None,
            items=tuple(by_id[i] for i, kind in kinds.items() if kind != "barriers"),
            kinds=kinds,
            barrier_item=barrier_item,
            barriers=tuple(barrier.id for barrier in core.barriers),
            scales={scale.id: scale.values for scale in core.scales},
        )


@dataclass(frozen=True)
class AnswerValue:
    item_id: str
    column: str  # one of VALUE_COLUMN's values
    value: object
    consent_scope: ConsentScope | None = None
    personal_details: bool | None = None


@dataclass(frozen=True)
class Citation:
    item_id: str
    barrier_id: str
    ask: str | None
    consent_scope: ConsentScope


@dataclass(frozen=True)
class PlaceProfile:
    """What a place is like: the barriers it meets most (first is most cited), how fast its
    practice improves, what it was already good at, and its size relative to the average."""

    barriers: tuple[str, ...]
    trend: float = 0.2
    setback: float = 0.06
    strengths: tuple[str, ...] = ()
    size: float = 1.0

    @classmethod
    def invented(cls, rng: random.Random, barriers: Sequence[str]) -> PlaceProfile:
        """A plausible profile for a place the history does not describe."""
        return cls(
            barriers=tuple(rng.sample([b for b in barriers if b != "other"], 3)),
            trend=rng.uniform(0.1, 0.3),
            strengths=(rng.choice(("relational", "preventative", "joined_up", "equitable")),),
            size=rng.uniform(0.4, 2.0),
        )


class ServiceStory:
    """One service's answers, quarter by quarter. Call ``advance`` once per quarter, filed
    or not, then ``answers`` and ``citations`` for a review of that quarter."""

    def __init__(
        self,
        rng: random.Random,
        *,
        area: str,
        partners: Sequence[str],
        profile: PlaceProfile,
    ) -> None:
        self.rng = rng
        self.area = area if area in words.CHANGED else "early_help"
        self.partners = [PARTNER_OPTIONS[p] for p in partners if p in PARTNER_OPTIONS]
        self.profile = profile
        self.levels: dict[str, int] = {}
        self.people = AREA_PEOPLE.get(area, 100) * profile.size * rng.uniform(0.7, 1.3)
        self.involvement = rng.randint(0, 1)  # where it starts on LIVED_EXPERIENCE
        self.quarter = -1
        self.commitments: list[str] = []
        self._decks: dict[str, list[str]] = {}
        self._offsets: dict[str, int] = {}

    def advance(self) -> None:
        self.quarter += 1
        if self.quarter == 0:
            return
        for principle, level in self.levels.items():
            roll = self.rng.random()
            if roll < self.profile.trend:
                self.levels[principle] = min(level + 1, 4)
            elif roll < self.profile.trend + self.profile.setback:
                self.levels[principle] = max(level - 1, 1)
        self.people *= self.rng.uniform(0.93, 1.12)

    def level(self, principle: str) -> int:
        if principle not in self.levels:
            parent = SPLIT_FROM.get(principle)
            if parent is not None:
                self.levels[principle] = max(self.level(parent) - self.rng.choice((0, 0, 1)), 1)
            else:
                start = 1 + (principle in self.profile.strengths) + self.rng.choice((0, 0, 1))
                self.levels[principle] = start
        return self.levels[principle]

    def answers(self, form: Form, *, complete: bool, draft: bool = False) -> list[AnswerValue]:
        """Answers to the form's items: every item if ``complete``; otherwise the required
        ones and most others, or (a ``draft``) about half of them, as someone part-way."""
        commitments = self.commitments
        self.commitments = []
        answers = []
        for item in form.items:
            if draft:
                if self.rng.random() < 0.5:
                    continue
            elif not (complete or item.required or self.rng.random() < self._chance(item)):
                continue
            value = self._value(item, form, commitments, complete=complete)
            if value is not None:
                answers.append(value)
        return answers

    def citations(self, form: Form, *, at_least_one: bool = True) -> list[Citation]:
        """The national barriers this review cites, mostly its place's usual ones."""
        if form.barrier_item is None:
            return []
        wanted = [
            barrier
            for barrier, chance in zip(self.profile.barriers, (0.85, 0.5, 0.3), strict=False)
            if self.rng.random() < chance
        ]
        if self.rng.random() < 0.15:
            wanted.append(self.rng.choice([b for b in form.barriers if b != "other"]))
        if not wanted and at_least_one and self.profile.barriers:
            wanted.append(self.profile.barriers[0])
        # One consent for the review's asks, as the form asks it once for the item.
        scope = self._ask_consent()
        citations: dict[str, Citation] = {}
        for barrier in wanted:
            cited = barrier
            if barrier not in form.barriers:
                # Before 1.1.0 listed data sharing, services cited it as 'Something else'
                # and said what it was in their ask.
                if barrier != "data_sharing" or "other" not in form.barriers:
                    continue
                cited = "other"
            if cited in citations:
                continue
            ask = None
            if cited in words.ASKS and (cited == "other" or self.rng.random() > 0.12):
                ask = self._pick(cited, words.ASKS[cited])[0]
            citations[cited] = Citation(form.barrier_item, cited, ask, scope)
        return list(citations.values())

    def _chance(self, item: Item) -> float:
        """How likely an optional item is answered in a review that need not answer all."""
        if isinstance(item, TextItem) and item.follows_up:
            return 1.0  # a follow-up must be answered while there is something to follow up
        if isinstance(item, TextItem) and item.consent:
            return 0.65
        return 0.85

    def _value(
        self, item: Item, form: Form, commitments: list[str], *, complete: bool
    ) -> AnswerValue | None:
        column = VALUE_COLUMN[form.kinds[item.id]]
        if isinstance(item, RubricItem):
            return AnswerValue(item.id, column, self._rubric(item, form))
        if isinstance(item, NumberItem):
            return AnswerValue(item.id, column, self._number(item))
        if isinstance(item, ChoiceItem):
            return AnswerValue(item.id, column, self._choices(item))
        if isinstance(item, TextItem):
            text = self._text(item, commitments, complete=complete)
            if text is None:
                return None
            text = text[: item.max_length]
            if item.consent:
                scope, personal = self._story_consent()
                return AnswerValue(item.id, column, text, scope, personal)
            return AnswerValue(item.id, column, text)
        return None

    def _rubric(self, item: RubricItem, form: Form) -> int:
        values = form.scales.get(item.scale) or (1, 2, 3, 4)
        principle = item.principle or item.id
        level = self.level(principle)
        if item.id != principle:  # another rubric on the principle, like a place's own
            level += self._offsets.setdefault(item.id, self.rng.choice((-1, 0, 0)))
        return min(max(level, values[0]), values[-1])

    def _number(self, item: NumberItem) -> float:
        people, rng = self.people, self.rng
        match item.id:
            case "people_supported":
                value: float = round(people)
            case "families_improved" if self.area in ("early_help", "childrens_social_care"):
                value = round(people * rng.uniform(0.2, 0.4))
            case "wellbeing_improved":
                value = round(people * rng.uniform(0.25, 0.55))
            case "homes_kept" if self.area == "housing":
                value = round(people * rng.uniform(0.3, 0.6))
            case "families_improved" | "homes_kept" | "residents_volunteering":
                value = rng.randint(0, 12)  # often below 5, so disclosure control shows
            case "weeks_to_help":
                value = round(
                    max(7.0 - 1.3 * self.level("preventative") + rng.uniform(-0.5, 1.5), 0.5), 1
                )
            case _:
                value = rng.randint(0, 40)
        low = item.min if item.min is not None else value
        high = item.max if item.max is not None else value
        value = min(max(value, low), high)
        return round(value) if item.integer else value

    def _choices(self, item: ChoiceItem) -> list[str]:
        options = [option.id for option in item.options]
        if item.id == "partners":
            chosen = [p for p in self.partners if p in options]
            if "community_groups" in options and self.rng.random() < 0.3:
                chosen.append("community_groups")
            return sorted(set(chosen), key=options.index) or options[:1]
        if item.id == "lived_experience":
            step = min(self.involvement + self.quarter // 2, len(LIVED_EXPERIENCE) - 1)
            ladder = [o for o in LIVED_EXPERIENCE[: step + 1] if o in options]
            return [ladder[-1] if ladder else options[0]]
        if item.kind == "choice":
            return [self.rng.choice(options)]
        picked = self.rng.sample(options, min(len(options), self.rng.randint(1, 2)))
        return sorted(picked, key=options.index)

    def _text(self, item: TextItem, commitments: list[str], *, complete: bool) -> str | None:
        rng, area = self.rng, self.area
        match item.id:
            case "changed_for_people":
                said = self._pick("changed", words.CHANGED[area], 2)
                if rng.random() < 0.5:
                    quote = self._pick("quotes", words.QUOTES)[0]
                    said.append(f"{rng.choice(words.SPEAKERS)} told us: “{quote}”")
                if rng.random() < 0.35:
                    said += self._pick("setbacks", words.SETBACKS)
            case "what_we_tried":
                said = self._pick("tried", words.TRIED[area], rng.randint(1, 2))
            case "what_we_learned":
                said = self._pick("learned", words.LEARNED, 2)
            case "what_we_will_change":
                self.commitments = self._pick("commitments", words.COMMITMENTS[area])
                if rng.random() < 0.4:
                    self.commitments += self._pick("general", words.GENERAL_COMMITMENTS)
                said = [f"We will {c}." for c in self.commitments]
                said[0] = "Next quarter we" + said[0].removeprefix("We")
            case _ if item.follows_up:  # what happened to the last review's commitments
                if not commitments:
                    return words.FIRST_REVIEW if complete else None
                said = [
                    f"We said we would {c}. {rng.choice(words.COMMITMENT_OUTCOMES)}"
                    for c in commitments
                ]
            case "who_benefited":
                groups = [said for areas, said in words.WHO_BENEFITED if area in areas]
                said = self._pick("benefited", groups)
            case "story_of_change":
                stories = [story for areas, story in words.STORIES if area in areas]
                said = self._pick("stories", stories)
            case _ if item.id.endswith("community_investment"):
                said = self._pick("investment", words.COMMUNITY_INVESTMENT)
            case _ if item.principle in words.EVIDENCE:
                band = "high" if self.level(item.principle) >= 3 else "low"
                pool = words.EVIDENCE[item.principle][band]
                said = self._pick(f"{item.principle}:{band}", pool, rng.randint(1, 2))
                if rng.random() < 0.7:
                    how = self._pick("how", words.HOW_WE_KNOW)[0]
                    said.append(how.format(n=rng.randint(6, 40)))
            case _:
                said = self._pick("learned", words.LEARNED)
        return " ".join(said)

    def _pick(self, key: str, pool: Sequence[str], count: int = 1) -> list[str]:
        """``count`` different sentences from ``pool``, none repeated until all are used."""
        picked: list[str] = []
        for _ in range(min(count, len(pool))):
            deck = self._decks.get(key)
            if not deck:
                deck = self._decks[key] = list(pool)
                self.rng.shuffle(deck)
            sentence = deck.pop()
            if sentence not in picked:
                picked.append(sentence)
        return picked

    def _story_consent(self) -> tuple[ConsentScope, bool]:
        roll = self.rng.random()
        if roll < 0.08:  # a story with personal details stays within the place
            return ConsentScope.PLACE, True
        if roll < 0.3:
            return ConsentScope.PLACE, False
        if roll < 0.75:
            return ConsentScope.REGULATORS, False
        return ConsentScope.PUBLIC, False

    def _ask_consent(self) -> ConsentScope:
        roll = self.rng.random()
        if roll < 0.1:
            return ConsentScope.PLACE
        if roll < 0.8:
            return ConsentScope.REGULATORS
        return ConsentScope.PUBLIC
