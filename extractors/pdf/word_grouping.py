"""Characters into words, as pdfplumber's `extract_words` groups them with the settings this project reads with.

pdfplumber is the reference for what a word is: characters of one font and size, on one line (tops within 3
pt, chained), in order across it, a word ending at a space or a gap wider than 3 pt or where the next
character starts before the last one. Its `WordExtractor` does this for every setting it offers, through
generators and a dict per word; on a report it took a sixth of the document model's time. `group_words`
does the same for these settings (x and y tolerance 3, blank characters ending words, no text flow, fonts and
sizes kept, ligatures spelt out), nothing more, and gives the same words in the same order: tests hold it to
`pdfplumber.utils.extract_words` on every page of the sample and real reports.
"""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter

from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE, LIGATURES

X_TOLERANCE, Y_TOLERANCE = DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE

# A word as pdfplumber gives it, the keys words_of reads: text, x0, top, x1, bottom, fontname, size, upright.
GroupedWord = tuple[str, float, float, float, float, str, float, bool]

_RUN_KEY = itemgetter("upright", "fontname", "size")


def group_words(chars: list[dict]) -> list[GroupedWord]:
    """The words of a page's characters (pdfplumber's char dicts), in pdfplumber's order."""
    words: list[GroupedWord] = []
    for (upright, fontname, size), run in groupby(chars, _RUN_KEY):
        run = list(run)
        for line in _lines(run, upright):
            _words_of_line(line, upright, fontname, size, words)
    return words


def _lines(run: list[dict], upright) -> list[list[dict]]:
    """A run's characters in lines: clustered by top (by x0 where turned), values within the tolerance
    chained, lines in order of that value; each line sorted across (down, where turned), ties in the
    characters' own order."""
    if upright:
        key, tolerance, across = "top", Y_TOLERANCE, _across_upright
    else:
        key, tolerance, across = "x0", X_TOLERANCE, _across_turned
    values = sorted({char[key] for char in run})
    cluster: dict[float, int] = {}
    index, last = 0, values[0]  # (a run has a character)
    for value in values:
        if value > last + tolerance:
            index += 1
        cluster[value] = index
        last = value
    by_line: dict[int, list[dict]] = {}
    for char in run:
        by_line.setdefault(cluster[char[key]], []).append(char)
    return [sorted(by_line[line], key=across) for line in sorted(by_line)]


def _across_upright(char: dict) -> float:
    return char["x0"]


def _across_turned(char: dict) -> tuple[float, float]:
    return char["top"], char["bottom"]


def _words_of_line(line: list[dict], upright, fontname: str, size: float, words: list[GroupedWord]) -> None:
    """The words of one line, added to `words`: a word's text, and its box as its characters' boxes joined."""
    if upright:
        start, end, level = "x0", "x1", "top"
        gap, drift = X_TOLERANCE, Y_TOLERANCE
    else:
        start, end, level = "top", "bottom", "x0"
        gap, drift = Y_TOLERANCE, X_TOLERANCE
    add = words.append
    texts: list[str] = []  # the word being read, and its box so far
    x0 = top = x1 = bottom = 0.0
    last_start = last_end = last_level = 0.0  # of its last character
    for char in line:
        text = char["text"]
        if not text or text.isspace():
            if texts:
                add(("".join(texts), x0, top, x1, bottom, fontname, size, upright))
                texts = []
            if not text:  # pdfplumber's "split at punctuation" (none) holds the empty text: a word of its own
                add(("", char["x0"], char["top"], char["x1"], char["bottom"], fontname, size, upright))
            continue
        here = char[start]
        if texts and (here < last_start or here > last_end + gap or abs(char[level] - last_level) > drift):
            add(("".join(texts), x0, top, x1, bottom, fontname, size, upright))
            texts = []
        if texts:
            texts.append(LIGATURES.get(text, text))
            # the boxes joined (comparisons, not min and max: a call each costs as much as the rest of a character)
            if char["x0"] < x0:
                x0 = char["x0"]
            if char["top"] < top:
                top = char["top"]
            if char["x1"] > x1:
                x1 = char["x1"]
            if char["bottom"] > bottom:
                bottom = char["bottom"]
        else:
            texts = [LIGATURES.get(text, text)]
            x0, top, x1, bottom = char["x0"], char["top"], char["x1"], char["bottom"]
        last_start, last_end, last_level = here, char[end], char[level]
    if texts:
        add(("".join(texts), x0, top, x1, bottom, fontname, size, upright))
