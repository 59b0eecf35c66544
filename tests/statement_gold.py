"""Statement facts held against hand-checked gold rows (`../shared/realworld-sv/gold`, `../shared/any-report/gold`).

A gold row is found when a fact has the same statement, entity, kind of column, fiscal year, amount and label
(whitespace and case aside); a subtotal the gold records without a label is found by its amount. A gold without
entity and kind columns (realworld-sv's) is one entity's outcomes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence


def norm(label: str) -> str:
    return " ".join(label.split()).lower()


def gold_key(row: dict) -> tuple:
    """A gold row's statement, entity, kind, fiscal year and amount."""
    return (row["statement"], row.get("entity") or "", row.get("kind") or "actual", int(row["fiscal_year"]),
            int(row["amount_sek"]))


def fact_key(fact) -> tuple:
    """A fact's statement, entity, kind, fiscal year and amount, as `gold_key` has them."""
    return (fact.statement, fact.entity or "", fact.kind, fact.fiscal_year, fact.amount_sek)


def found(rows: Sequence[dict], facts: Iterable) -> int:
    """How many of the gold rows the facts hold, each fact counted once."""
    facts = list(facts)
    have = Counter((*fact_key(f), norm(f.label)) for f in facts)
    amounts = Counter(fact_key(f) for f in facts)
    count = 0
    for row in rows:
        key = gold_key(row)
        labelled = (*key, norm(row["label"]))
        if have[labelled] > 0:
            have[labelled] -= 1
            amounts[key] -= 1
            count += 1
        elif row["label"] == "" and amounts[key] > 0:
            amounts[key] -= 1
            count += 1
    return count


def beyond(rows: Sequence[dict], facts: Iterable) -> tuple[int, int]:
    """Of the facts on the gold's pages: how many match no gold row's key, and how many there are."""
    keys = {gold_key(row) for row in rows}
    pages = {int(row["page"]) for row in rows}
    on_pages = [f for f in facts if f.page in pages]
    return sum(1 for f in on_pages if fact_key(f) not in keys), len(on_pages)
