"""How usable a page's text layer is: words with characters no Swedish text holds.

Some PDFs map glyphs to the wrong characters (å/ä/ö as `!`, `"`, `#`, `$`,
letters as private-use code points, ligatures as U+FFFD). A few such words on a
page are read around (`extractors.records.statements.garbled`); a page where most
words are unreadable is read by OCR instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# In running text a word is unreadable when it holds a code no font prints for Swedish, or punctuation where a
# letter belongs ("R!relseint"kter"); a sentence's own "!" or quotes are not.
_UNREADABLE_WORD = re.compile(r"[\ue000-\uf8ff\ufffd\x00-\x08\x0b-\x1f]|\w[!\"#$]\w|^[#$]\w|^[!\"#$]$|\(cid:\d+\)")

# Share of a page's words that are unreadable before its text layer is of no use and the page is read by OCR.
# Measured on the real reports: their garbled pages, whose amounts and labels still read well (brf-torskumlet-5),
# have at most 34% such words.
BEYOND_USE_SHARE = 0.5
BEYOND_USE_WORDS = 10


def unreadable_words(words: Iterable[str]) -> tuple[int, int]:
    """How many of the words are unreadable, and of how many: how garbled a page's text layer is."""
    words = [w for w in words if w.strip()]
    return sum(1 for w in words if _UNREADABLE_WORD.search(w)), len(words)


def garbled_beyond_use(words: Iterable[str]) -> bool:
    """Whether so many of a page's words are unreadable that OCR reads it better than its text layer."""
    unreadable, total = unreadable_words(words)
    return unreadable >= BEYOND_USE_WORDS and unreadable >= BEYOND_USE_SHARE * total
