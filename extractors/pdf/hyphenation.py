"""Joining the lines of a paragraph, repairing words broken at a line end.

Swedish breaks long words with a hyphen ("kommu-" / "ner"), but it also prints
suspended compounds whose hyphen belongs to the text ("bygg- och
anläggningsmaterial", "för-, grund- och gymnasieskola"). A line-end hyphen is
therefore removed only when nothing says it is real:

- the part before the hyphen is an abbreviation or holds digits ("HR-",
  "H22-"), or the next line starts with a capital or a digit: the hyphen stays
  and the halves join ("HR-projekt", "Skåne-Blekinge");
- the document itself prints the joined word elsewhere: the halves join
  ("gemen-" + "samt" is "gemensamt", though "samt" is also a conjunction);
- the document prints the hyphenated form elsewhere: the hyphen stays;
- the next line starts with a conjunction of a suspended compound ("och",
  "eller", "samt", ...): the hyphen and the space stay;
- otherwise the halves join without it ("kommuner").

A soft hyphen (U+00AD) is always a break and always removed.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from schemas.vocabularies import language

HYPHENS = ("-", "\u2010", "\u00ad")
SOFT_HYPHEN = "\u00ad"
_TRAILING_PUNCTUATION = ".,;:!?)\"'”’"


def suspended_compound_joiners() -> frozenset[str]:
    return frozenset(word.lower() for word in language().suspended_compound_joiners)


def join_lines(
    lines: Sequence[str],
    vocabulary: Collection[str] = frozenset(),
    joiners: Collection[str] | None = None,
) -> str:
    """Join the lines of one paragraph into one string, repairing line-end hyphens.

    `vocabulary` is the set of words the document prints (lower case, stripped of
    punctuation); it lets the document's own spelling decide doubtful cases.
    """
    if joiners is None:
        joiners = suspended_compound_joiners()
    text = ""
    for line in lines:
        line = " ".join(line.split())
        if not line:
            continue
        if not text:
            text = line
            continue
        text = _join_pair(text, line, vocabulary, joiners)
    return text


def _join_pair(text: str, line: str, vocabulary: Collection[str], joiners: Collection[str]) -> str:
    if text.endswith(SOFT_HYPHEN):
        return text[:-1] + line
    if not text.endswith(HYPHENS[:2]):
        return f"{text} {line}"
    head = text.rsplit(" ", 1)[-1][:-1]  # the broken word's first half, without the hyphen
    if not head or not head[-1].isalpha():
        return f"{text} {line}"  # "2019-" or a dash standing alone: not a broken word
    next_word = line.split(" ", 1)[0]
    tail = next_word.rstrip(_TRAILING_PUNCTUATION)
    joined = (head + tail).lower()
    hyphenated = f"{head}-{tail}".lower()
    first = next_word[0]
    if _is_abbreviation(head) or not first.isalpha() or first.isupper():
        return text + line
    # The document's own spelling decides first: "gemen-" + "samt" is
    # "gemensamt" when the document prints that word, though "samt" is also a
    # conjunction of suspended compounds.
    if joined in vocabulary:
        return text[:-1] + line
    if hyphenated in vocabulary:
        return text + line
    if next_word.lower() in joiners or tail.lower() in joiners:
        return f"{text} {line}"
    return text[:-1] + line


def _is_abbreviation(head: str) -> bool:
    word = head.rsplit("-", 1)[-1]
    letters = [c for c in word if c.isalpha()]
    has_digit = any(c.isdigit() for c in word)
    return has_digit or (len(letters) >= 2 and all(c.isupper() for c in letters))


def document_vocabulary(words: Iterable[str]) -> frozenset[str]:
    """The words a document prints, lower case and without trailing punctuation."""
    return frozenset(w.strip(_TRAILING_PUNCTUATION + "(“\"'").lower() for w in words)
