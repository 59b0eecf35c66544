"""One pydantic model per vocabulary file: unknown keys, wrong types and bad patterns are refused on load.

The files are data a person edits; a typo must fail loudly, naming the file
and the key, rather than quietly switch a rule off. Every model is strict and
frozen like the records (YAML lists become tuples before validation), and a
field holding a regular expression is compiled once to prove it is one.
"""

from __future__ import annotations

import re
import string
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from schemas.financial import Entity, LineKind, Statement
from schemas.reports import DocumentType


def _compiles(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as error:
        raise ValueError(f"not a regular expression: {error}") from error
    return pattern


Pattern = Annotated[str, AfterValidator(_compiles)]


class Vocabulary(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


# language.yaml


class Language(Vocabulary):
    """Swedish typography and sentence structure the readers need: suspended compounds, page numbers, the units a
    table cell prints, abbreviations, conjunctions, the words naming a fiscal period."""

    suspended_compound_joiners: tuple[str, ...]
    page_number_patterns: tuple[str, ...]
    signing_marks: tuple[Pattern, ...] = ()
    cell_units: tuple[str, ...] = ()  # a unit a table prints after a number, besides money's (money.yaml)
    sentence_abbreviations: tuple[str, ...] = ()
    list_and: str = "och"
    conjunctions: tuple[str, ...] = ()
    subclause_words: tuple[str, ...] = ()
    fiscal_period_words: tuple[str, ...] = ()


# document_types.yaml


class DocumentTypeRule(Vocabulary):
    code: DocumentType
    name: str
    keywords: tuple[str, ...]
    where: tuple[Literal["title", "first_page", "file_name"], ...]


class OrganisationPattern(Vocabulary):
    pattern: Pattern  # its first group is the organisation's name
    ignore_case: bool = True
    # A formal sentence a report may print on any page ("Styrelsen och verkställande direktören för X, org.nr
    # ..."), looked for on every page where the first pages name no organisation.
    anywhere: bool = False


class DocumentTypes(Vocabulary):
    """The kinds of report, most specific first, and where a report's first lines name its organisation."""

    document_types: tuple[DocumentTypeRule, ...]
    organisation_patterns: tuple[OrganisationPattern, ...] = ()
    cover_titles: tuple[str, ...] = ()  # a cover's title line, above the organisation's name


# money.yaml


class MoneyUnit(Vocabulary):
    text: str
    sek: int = Field(gt=0)
    needs_money_context: bool = False
    # Where the word is read as a unit: in prose ("8,7 Mkr"), in statements' headers ("Belopp i tkr"), or both.
    read_in: tuple[Literal["prose", "statements"], ...] = ("prose", "statements")


class MoneyVocabulary(Vocabulary):
    """How Swedish prose states money: units, qualifiers, number words."""

    units: tuple[MoneyUnit, ...]
    money_context: tuple[str, ...]
    qualifiers: tuple[str, ...]
    per_units: tuple[str, ...]
    per_unit_names: dict[str, str] = {}
    number_words: dict[str, int]


# key_figures.yaml


class MoneyMetricRule(Vocabulary):
    metric: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    all: tuple[Pattern, ...]
    examples: tuple[str, ...] = ()  # clauses the rule must recognise
    counter_examples: tuple[str, ...] = ()  # clauses it must not


class CountMetricRule(Vocabulary):
    metric: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    pattern: Pattern
    # antal: how many of something; nummer: which one (a trainee group's number), not a quantity to add up
    unit: Literal["antal", "nummer"] = "antal"

    @model_validator(mode="after")
    def _has_a_number_group(self) -> CountMetricRule:
        if "n" not in re.compile(self.pattern).groupindex:
            raise ValueError(f"count metric {self.metric}: its pattern needs a group named n")
        return self


class TableCounterpart(Vocabulary):
    line_item: str
    sign: Literal[1, -1]
    metrics: dict[str, int]


class KeyFigureRules(Vocabulary):
    """What an amount in prose measures, its year, and the counts analysts follow."""

    money_metrics: tuple[MoneyMetricRule, ...]
    year_markers: tuple[str, ...]
    count_metrics: tuple[CountMetricRule, ...]
    table_counterparts: tuple[TableCounterpart, ...] = ()
    canonical_words: tuple[str, ...] = ()  # words a misspelling is read as, for recognising metrics
    fuzzy_threshold: float = Field(default=88, gt=50, le=100)
    signed_metrics: tuple[str, ...] = ()  # metrics a loss is a negative amount of
    loss_words: tuple[Pattern, ...] = ()  # wording that states a loss, a deficit or a reduction
    previous_year_words: tuple[Pattern, ...] = ()  # a bracketed comparison's words for the year before


# municipalities.yaml


class MunicipalityEntry(Vocabulary):
    code: str = Field(pattern=r"^\d{4}$")
    name: str
    forms: tuple[str, ...]


class MunicipalityVocabulary(Vocabulary):
    """The member municipalities, with their official codes and printed forms."""

    match_threshold: float = Field(gt=50, le=100)
    municipalities: tuple[MunicipalityEntry, ...]


# committee.yaml


class CommitteeRules(Vocabulary):
    """How a report prints the committee's composition."""

    section_heading: Pattern
    as_of: Pattern
    role_markers: dict[str, tuple[str, ...]]
    unplaced_roles: tuple[str, ...]
    presidium: Pattern
    secretariat_head: Pattern
    presidium_roles: dict[Literal["ordforande", "vice_ordforande", "sekretariatschef"], Pattern] = Field(default_factory=dict)
    months: dict[str, int]
    person_match_threshold: float = Field(gt=50, le=100)


# projects.yaml


class ProjectSection(Vocabulary):
    status: Literal["beviljats_medel", "verksam", "exempel"]
    heading: Pattern
    form: Literal["list", "subheadings"]
    count: Pattern | None = None
    requires_count: bool = False


class ProjectRules(Vocabulary):
    """Where reports list projects, and how project names are compared across years."""

    sections: tuple[ProjectSection, ...]
    development_areas: tuple[str, ...]
    family_noise: tuple[Pattern, ...]
    family_threshold: float = Field(gt=50, le=100)
    partial_min_length_ratio: float = Field(gt=0, le=1)


# plan.yaml


class PlanRules(Vocabulary):
    """How a business plan prints its goals and networks."""

    goal_columns: dict[Literal["goal", "strategy", "metric", "responsible"], Pattern]
    goal_area_heading: Pattern
    metric_number: Pattern
    metric_letter: Pattern
    networks_heading: Pattern
    network_item: Pattern
    responsible_qualifiers: tuple[str, ...]


# line_items.yaml


class Specifies(Vocabulary):
    """The income statement line a specification's total details, and the sign between them."""

    code: str
    sign: Literal[1, -1]


class LineItem(Vocabulary):
    """One line of the canonical chart."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    statement: Statement
    kind: LineKind
    order: int
    aliases: tuple[str, ...] = ()
    # Labels printed for another line that a reader could take for this one: they must never match it
    # (tests/test_vocabularies.py holds every chart to its counter-examples).
    counter_examples: tuple[str, ...] = ()
    # The headline figure this line gives an analyst (concepts.yaml: revenue, result_for_the_year, ...), and its
    # rank among the lines that give it (1 first: "Summa rörelseintäkter" before "Nettoomsättning").
    concept: str | None = None
    concept_rank: int = Field(default=1, ge=1)
    sums: tuple[str, ...] = ()
    catch_all: bool = False
    specifies: Specifies | None = None
    # For a label printed in more than one place ("Skulder till kreditinstitut"): a pattern the fact's section
    # path must match for this line.
    section: Pattern | None = None


class StatementInfo(Vocabulary):
    name: str
    caption_patterns: tuple[Pattern, ...]


class Chart(Vocabulary):
    """The chart of line items, with what label matching needs to know."""

    label_noise: tuple[Pattern, ...]
    match_threshold: float = Field(gt=50, le=100)
    match_margin: float = Field(ge=0, le=50)
    statements: dict[Statement, StatementInfo]
    line_items: tuple[LineItem, ...]

    @model_validator(mode="after")
    def _codes_are_unique_and_sums_known(self) -> Chart:
        codes = [item.code for item in self.line_items]
        duplicates = {c for c in codes if codes.count(c) > 1}
        if duplicates:
            raise ValueError(f"duplicate codes {sorted(duplicates)}")
        for item in self.line_items:
            unknown = set(item.sums) - set(codes)
            if item.specifies is not None and item.specifies.code not in codes:
                unknown.add(item.specifies.code)
            if unknown:
                raise ValueError(f"{item.code} sums unknown codes {sorted(unknown)}")
        return self

    def item(self, code: str) -> LineItem:
        for item in self.line_items:
            if item.code == code:
                return item
        raise KeyError(code)

    def items_of(self, statement: Statement) -> tuple[LineItem, ...]:
        return tuple(item for item in self.line_items if item.statement == statement)

    @staticmethod
    def load() -> Chart:
        """The chart of `line_items.yaml` (read once)."""
        from schemas.vocabularies import line_item_chart

        return line_item_chart()


# concepts.yaml


class Concept(Vocabulary):
    code: str = Field(pattern=r"^[a-z][a-z_]*$")
    name: str  # Swedish, as the analyst's page shows it
    statement: Statement


class Concepts(Vocabulary):
    """The headline figures analysts compare across organisations; each chart's lines say which they give."""

    concepts: tuple[Concept, ...]


# statements.yaml


class StatementHeading(Vocabulary):
    text: str  # lower case, letters and spaces
    statement: Statement
    alone: bool = False  # a heading only where nothing but a unit or a Not column follows it on its line


class StatementWording(Vocabulary):
    """The words the statement reader looks for: headings, other parts, closing lines, sides, unit sentences."""

    headings: tuple[StatementHeading, ...]
    heading_prefixes: tuple[str, ...]
    heading_word_endings: tuple[str, ...]
    heading_tails: tuple[str, ...] = ()
    heading_score: float = Field(gt=50, le=100)
    other_parts: tuple[str, ...]
    note_heading: Pattern
    closing_lines: dict[Statement, tuple[str, ...]]
    not_column: Pattern
    balance_words: Pattern
    income_words: Pattern
    note_words: tuple[str, ...]
    total_prefix: str
    sides: tuple[str, ...]
    unit_in_statement: str
    unit_for_the_report: tuple[str, ...]
    entity_words: dict[Entity, tuple[str, ...]]
    entity_in_municipality: dict[Entity, Entity]
    entity_beside: dict[Entity, Entity]
    municipal_words: tuple[str, ...]
    kind_words: dict[Literal["actual", "budget", "forecast", "deviation"], tuple[str, ...]]
    period_words: tuple[str, ...]
    labels_in_kronor: tuple[str, ...]

    @model_validator(mode="after")
    def _column_words_are_one_word_each(self) -> StatementWording:
        words = [w for group in (*self.entity_words.values(), *self.kind_words.values()) for w in group]
        for word in [*words, *self.period_words]:
            if word != word.lower() or " " in word:
                raise ValueError(f"column word {word!r}: one word, in lower case")
        repeated = {w for w in words if words.count(w) > 1}
        if repeated:
            raise ValueError(f"column words named twice: {sorted(repeated)}")
        return self

    @model_validator(mode="after")
    def _unit_patterns_name_their_words(self) -> StatementWording:
        for pattern in (self.unit_in_statement, *self.unit_for_the_report):
            if "{words}" not in pattern:
                raise ValueError(f"unit pattern {pattern!r} has no {{words}} for the unit's words")
            _compiles(pattern.replace("{words}", "kr"))
        return self


# findings.yaml


def _fields(text: str) -> set[str]:
    """The names of the values a text names in braces."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class FindingText(Vocabulary):
    """One finding's text in English and in Swedish, and values that render both."""

    en: str
    sv: str
    example: dict[str, str | int | float]

    @model_validator(mode="after")
    def _example_names_every_value(self) -> FindingText:
        named = _fields(self.en) | _fields(self.sv)
        if named != set(self.example):
            raise ValueError(f"the texts name {sorted(named)}, the example gives {sorted(self.example)}")
        if "!r" in self.sv:
            raise ValueError("a Swedish text quotes with ”…”, never with !r (Python's English quotes)")
        return self


class FindingTexts(Vocabulary):
    """What the extractors say, under the English keys the code and the warehouse keep; each code among the values
    with how it reads in each language (by the value's name)."""

    terms_en: dict[str, dict[str, str]] = {}
    terms_sv: dict[str, dict[str, str]] = {}
    findings: dict[str, FindingText]
