"""Key figures stated in prose: each amount of money, and the counts analysts follow.

The text is read as it flows: the paragraphs of a page in reading order, a
paragraph that breaks off without ending its sentence joined with the next
(so an amount broken across a line or a column comes back whole), then cut
into sentences. Every amount of money becomes a `KeyFigure`; its metric comes
from the rules of `schemas/vocabularies/key_figures.yaml` applied to its
clause (the sentence between the amounts before and after it), `other` when
none applies. Its fiscal year is a year the clause names after a marker word
("uppgick 2022", "för 2024"), else the report's year. The position is that of
the printed words of the amount.

Wording decides what the digits alone cannot: a loss, a deficit or a reduction
("en förlust på 12 345 kr") makes the amount of a signed metric negative; an
amount in brackets right after another ("10 000 000 kr (10 500 000 kr, 2022)",
"14 000 kr (fg år 12 287 kr)") is the same metric for the year the brackets
name, or the year before when they say so, and is left out with a finding when
they name none: it never takes the report's year. An amount in brackets on its
own ("lån från Nordea (3,8 miljoner kronor)") is read as any other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from extractors.pdf.model import BBox, BlockKind, Document, Page, Word, bbox_of
from extractors.records.findings import finding
from extractors.records.prose_money import find_money, parse_count
from extractors.years import YEAR
from schemas.findings import ExtractionFinding
from schemas.key_figures import KeyFigure
from schemas.vocabularies import key_figure_rules, language, money_vocabulary

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9•*\"”(])")
_TOKEN_STRIP = ".,;:!?()\"”'’*"
AMOUNT = "¤"  # where the amount a rule classifies stands in its clause (key_figures.yaml's rules may name it)


@dataclass
class ProseFigures:
    """The figures read from a document's prose, and findings on those left out; iterates over the figures."""

    figures: list[KeyFigure] = field(default_factory=list)
    findings: list[ExtractionFinding] = field(default_factory=list)

    def __iter__(self) -> Iterator[KeyFigure]:
        return iter(self.figures)

    def __len__(self) -> int:
        return len(self.figures)


@dataclass(frozen=True)
class Flow:
    """Running text of one page: its sentences' text and the words it was made of."""

    page: Page
    text: str
    words: tuple[Word, ...]


def flows(page: Page) -> Iterator[Flow]:
    """The paragraphs of a page, a paragraph joined with the next while its sentence goes on."""
    text, words = "", []
    for block in page.blocks:
        if block.kind is BlockKind.TABLE:
            if text:
                yield Flow(page, text, tuple(words))
            text, words = "", []
            continue
        block_words = [w for line in block.lines for w in line.words]
        first = block.text[:1]
        continues = first.islower() or first.isdigit()
        if text and not text.rstrip().endswith((".", "!", "?", ":")) and block.kind is BlockKind.PARAGRAPH and continues:
            text, words = f"{text} {block.text}", words + block_words
            continue
        if text:
            yield Flow(page, text, tuple(words))
        text, words = block.text, block_words
    if text:
        yield Flow(page, text, tuple(words))


def sentences(text: str) -> list[tuple[int, int]]:
    """Start and end offsets of the sentences of a text."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()]
        if before.lower().endswith(language().sentence_abbreviations):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def extract_key_figures(document: Document, report_id: str, report_year: int | None) -> ProseFigures:
    """Every amount of money in the prose of a document, and the counts of `count_metrics`."""
    result = ProseFigures()
    if report_year is None:
        return result
    figures = result.figures
    counted: set[tuple[str, int, int]] = set()
    for page in document.pages:
        for flow in flows(page):
            for start, end in sentences(flow.text):
                sentence = flow.text[start:end]
                figures.extend(_money_figures(flow, start, sentence, report_id, report_year, result.findings))
                for figure in _count_figures(flow, start, sentence, report_id, report_year):
                    # A count repeated by a later sentence ("traineegrupp 19 ...") is one figure.
                    key = (figure.metric, figure.fiscal_year, figure.amount)
                    if key not in counted:
                        counted.add(key)
                        figures.append(figure)
    result.findings.extend(implausible_scales(figures, report_id))
    return result


def implausible_scales(figures: Sequence[KeyFigure], report_id: str) -> list[ExtractionFinding]:
    """A finding for each figure about a thousand times another of the same metric and year in the same report
    ("1 262 mnkr" where the report says "1,07 mnkr" elsewhere): a unit misprinted, one of them is wrong."""
    findings = []
    known = [f for f in figures if f.metric != "other" and f.amount]
    for index, big in enumerate(known):
        for small in known[index + 1:] + known[:index]:
            if (small.metric, small.fiscal_year) != (big.metric, big.fiscal_year):
                continue
            ratio = abs(big.amount) / abs(small.amount)
            if SCALE_SLIP[0] <= ratio <= SCALE_SLIP[1]:
                findings.append(finding(
                    report_id, "key_figures", "error", "prose_amount_unit_misprinted", big.page,
                    (big.x0, big.top, big.x1, big.bottom), metric=big.metric, year=big.fiscal_year,
                    amount=_spaced(big.amount), quote=big.quote, ratio=_spaced(round(ratio)),
                    other_amount=_spaced(small.amount), other_page=small.page, other_quote=small.quote))
                break
    return findings


def _spaced(number: int) -> str:
    return f"{number:,}".replace(",", " ")


SCALE_SLIP = (300, 3000)  # how far apart two figures of one thing stand when a unit slipped (tkr for mnkr: 1 000)


def _money_figures(flow: Flow, offset: int, sentence: str, report_id: str, report_year: int,
                   findings: list[ExtractionFinding]) -> list[KeyFigure]:
    mentions = find_money(sentence)
    if is_table_row(sentence, mentions):
        return []  # a row of a table the layout did not find: its amounts are the table's, not prose
    figures: list[KeyFigure] = []
    for index, money in enumerate(mentions):
        clause_start = mentions[index - 1].end if index else 0
        clause_end = mentions[index + 1].start if index + 1 < len(mentions) else len(sentence)
        clause = sentence[clause_start:clause_end].lower()
        after = sentence[money.end:clause_end]
        cut = _subclause().search(after)
        # The amount itself stands as AMOUNT in the words a rule reads, so that a rule can say where it stands:
        # "investeringsbudgeten på ¤" is the budget, "¤ av den totala investeringsbudgeten" what was used of it.
        number_start = sentence.find(money.number_text, money.start)
        unit_end = sentence.find(money.unit_text, number_start) + len(money.unit_text)
        before, printed_after = sentence[clause_start:number_start], sentence[unit_end:money.end]  # its qualifier, its "per …"
        own = read_as_meant((before + AMOUNT + printed_after + after[: cut.start() if cut else len(after)]).lower())
        marked_clause = (before + AMOUNT + printed_after + after).lower()
        box = _locate(flow, offset + money.start, money.number_text.split() + money.unit_text.split())
        metric, year = classify_money(read_as_meant(marked_clause), own), fiscal_year(clause, report_year)
        brackets = bracketed(sentence, money.start, money.end)
        compares = brackets is not None and index > 0 and _follows(sentence, mentions[index - 1].end, money.start)
        if compares:
            year = comparison_year(brackets.lower(), report_year)
            if year is None:
                findings.append(finding(
                    report_id, "key_figures", "warning", "bracketed_amount_without_year", flow.page.number, box,
                    number=money.number_text, unit=money.unit_text, sentence=_quote(sentence)))
                continue
            if figures and metric == "other":
                metric = figures[-1].metric  # the bracketed figure compares with the one before it
        value = money.value
        if metric in key_figure_rules().signed_metrics and any(p.search(clause) for p in _loss_words()):
            value = -abs(value)
        figures.append(
            KeyFigure(
                report_id=report_id,
                fiscal_year=year,
                metric=metric,
                amount=value,
                unit=money.unit,
                precision=money.precision,
                qualifier=money.qualifier,
                quote=_quote(sentence),
                page=flow.page.number,
                x0=box.x0, top=box.top, x1=box.x1, bottom=box.bottom,
                ocr_confidence=flow.page.ocr_confidence(box),
            )
        )
    return figures


def _count_figures(flow: Flow, offset: int, sentence: str, report_id: str, report_year: int) -> list[KeyFigure]:
    figures = []
    lowered = read_as_meant(sentence.lower())
    for rule in _count_rules():
        for match in rule["pattern"].finditer(lowered):
            count = parse_count(match["n"])
            if count is None:
                continue
            value, precision = count
            box = _locate(flow, offset + match.start("n"), sentence[match.start("n") : match.end("n")].split())
            before = lowered[: match.start("n")].split()
            qualifier = before[-1] if before and before[-1] in _qualifiers() else None
            figures.append(
                KeyFigure(
                    report_id=report_id,
                    fiscal_year=fiscal_year(lowered, report_year),
                    metric=rule["metric"],
                    amount=value,
                    unit=rule["unit"],
                    precision=precision,
                    qualifier=qualifier or ("ca" if precision > 1 else None),
                    quote=_quote(sentence),
                    page=flow.page.number,
                    x0=box.x0, top=box.top, x1=box.x1, bottom=box.bottom,
                    ocr_confidence=flow.page.ocr_confidence(box),
                )
            )
    return figures


@lru_cache(maxsize=1)
def _money_rules() -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    return tuple(
        (rule.metric, tuple(re.compile(p) for p in rule.all)) for rule in key_figure_rules().money_metrics
    )


@lru_cache(maxsize=1)
def _count_rules() -> tuple[dict, ...]:
    return tuple({"metric": r.metric, "pattern": re.compile(r.pattern), "unit": r.unit} for r in key_figure_rules().count_metrics)


@lru_cache(maxsize=1)
def _qualifiers() -> frozenset[str]:
    return frozenset(money_vocabulary().qualifiers)


@lru_cache(maxsize=1)
def _year_pattern() -> re.Pattern[str]:
    markers = "|".join(re.escape(m) for m in key_figure_rules().year_markers)
    return re.compile(rf"\b(?:{markers})\s+(?P<year>{YEAR})\b(?![\-\u2013/])")


@lru_cache(maxsize=1)
def _loss_words() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in key_figure_rules().loss_words)


@lru_cache(maxsize=1)
def _previous_year_words() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in key_figure_rules().previous_year_words)


def is_table_row(sentence: str, mentions: Sequence) -> bool:
    """Whether a "sentence" is a row of amounts: three or more, with no more than a word between them and no
    conjunction a sentence would join them with ("1 mnkr, 2 mnkr och 3 mnkr" is prose)."""
    if len(mentions) < 3:
        return False
    between = [sentence[a.end:b.start].lower() for a, b in zip(mentions, mentions[1:], strict=False)]
    words = [re.findall(r"[^\W\d_]{2,}", gap) for gap in between]
    return all(len(w) <= 1 for w in words) and not any(set(w) & set(language().conjunctions) for w in words)


def _follows(sentence: str, previous_end: int, start: int) -> bool:
    """Whether the brackets an amount stands in open right after the amount before it: "X kr (Y kr, 2022)"."""
    opening = sentence.rfind("(", 0, start)
    return previous_end <= opening and not sentence[previous_end:opening].strip(" ,;:")


def bracketed(sentence: str, start: int, end: int) -> str | None:
    """The text of the brackets an amount stands in, if it stands in any."""
    opening = sentence.rfind("(", 0, start)
    if opening < 0 or ")" in sentence[opening:start]:
        return None
    closing = sentence.find(")", end)
    return sentence[opening + 1 : closing if closing >= 0 else len(sentence)]


def comparison_year(brackets: str, report_year: int) -> int | None:
    """The year a bracketed comparison is for: the year it names, the year before the report's when it says
    so ("fg år", "föregående år"), else None."""
    years = [int(y) for y in re.findall(rf"(?<!\d)({YEAR})(?!\d)", brackets)]
    if years:
        return years[-1]
    if any(p.search(brackets) for p in _previous_year_words()):
        return report_year - 1
    return None


# Where the words about an amount end after it: the next part of the sentence is about something else
# ("Taxeringsvärdet är 120 691 000 kr, varav byggnadsvärdet är ...").
@cache
def _subclause() -> re.Pattern[str]:
    return re.compile(rf"[,;:]|\s(?:{'|'.join(map(re.escape, language().subclause_words))})\s")


def classify_money(clause: str, own: str | None = None) -> str:
    """The metric of an amount from its own part of the sentence (to the next comma or "och" after it), else
    from its whole clause (lower case); `other` if no rule applies."""
    for text in (own, clause):
        if not text:
            continue
        for metric, patterns in _money_rules():
            if all(p.search(text) for p in patterns):
                return metric
    return "other"


@lru_cache(maxsize=1)
def _canonical_words() -> tuple[tuple[str, ...], float]:
    rules = key_figure_rules()
    return tuple(w.lower() for w in rules.canonical_words), rules.fuzzy_threshold


def read_as_meant(text: str) -> str:
    """The text with each word that misspells a canonical word ("kommitén") written as that word, for
    recognising metrics (rapidfuzz ratio of the word to the canonical word, at least the vocabulary's threshold)."""
    words, threshold = _canonical_words()
    if not words:
        return text

    def meant(match: re.Match[str]) -> str:
        word = match[0]
        if len(word) < 6 or word in words:
            return word
        best = process.extractOne(word, words, scorer=fuzz.ratio, score_cutoff=threshold)
        return best[0] if best else word

    return re.sub(r"[^\W\d_]+", meant, text)


def fiscal_year(clause: str, report_year: int) -> int:
    """A year the clause gives after a marker word ("uppgick 2022"), else the report's year."""
    match = _year_pattern().search(clause)
    return int(match["year"]) if match else report_year


def _quote(sentence: str) -> str:
    return " ".join(sentence.split()).rstrip(" .")


def _locate(flow: Flow, char_offset: int, tokens: Sequence[str]) -> BBox:
    """The box of the printed words spelling `tokens`, taking the occurrence at `char_offset`."""
    wanted = [t.strip(_TOKEN_STRIP) for t in tokens if t.strip(_TOKEN_STRIP)]
    # Count earlier occurrences as whole numbers only: "7 Mkr" does not occur in "8,7 Mkr".
    phrase = re.escape(" ".join(tokens))
    occurrence = len(re.findall(rf"(?<![\d,.]){phrase}(?!\d)", flow.text[:char_offset]))
    texts = [w.text.strip(_TOKEN_STRIP) for w in flow.words]
    seen = 0
    n = len(wanted)
    for i in range(len(texts) - n + 1):
        # The unit may be printed run on with what it is per ("kr/kvm"): its word then starts with it.
        if n and texts[i : i + n - 1] == wanted[:-1] and texts[i + n - 1].startswith(wanted[-1]):
            if seen == occurrence:
                return bbox_of(flow.words[i : i + len(wanted)])
            seen += 1
    # The words could not be matched one to one (a token split by the parser):
    # fall back to the first word holding the first token.
    for word in flow.words:
        if wanted and wanted[0] in word.text:
            return word.bbox
    return bbox_of(flow.words) if flow.words else BBox(0, 0, 0, 0)
