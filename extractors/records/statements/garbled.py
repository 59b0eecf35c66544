"""Labels from a garbled text layer, read back as the page prints them where the chart knows them.

Some PDFs map glyphs to the wrong characters: å/ä/ö come out as `!`, `"`,
`#`, `$` or not at all, letters as private-use code points (U+E000...), and
ligatures (tt, ti, ft, fi) as U+FFFD or U+0000; the extraction then also
breaks the words around them ("$ vriga r " relseint kter" for "Övriga
rörelseintäkter"). The digits are intact, so the amounts are read; the labels
are not what the page shows.

A garbled label is held against every name and alias of the charts: spaces
left out, each unreadable character standing for one or two letters, each
space for a letter dropped or for nothing. Where exactly one known label
fits, that is what the page prints; otherwise the label stays as read. The
text as read is always kept beside it (`label_as_read`).
"""

from __future__ import annotations

import re
from functools import lru_cache

UNREADABLE = re.compile(r"[\ue000-\uf8ff\ufffd\x00-\x08\x0b-\x1f!\"#$]")


ANY_LIGATURE = frozenset("\x00\ufffd")


def is_garbled(text: str) -> bool:
    """Whether a text carries characters a readable Swedish label never does."""
    return bool(UNREADABLE.search(text))


def _pattern(label: str, dropped_first: bool = False) -> re.Pattern[str]:
    """The labels a garbled one may stand for: an unreadable character is one or two letters, the same ones
    wherever it recurs in the label (but for the codes a font gives every dropped ligature); a space is a
    letter dropped or nothing."""
    parts, groups = [".?"] if dropped_first else [], {}
    for char in label.strip():
        if char == " ":
            parts.append(".?")
        elif char in ANY_LIGATURE:
            parts.append(".{1,2}")  # one code for every ligature a font dropped: tt here, ti there
        elif UNREADABLE.match(char):
            if char in groups:
                parts.append(f"(?P={groups[char]})")
            else:
                groups[char] = f"g{len(groups)}"
                parts.append(f"(?P<{groups[char]}>.{{1,2}})")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE)


@lru_cache(maxsize=8)
def _known(labels: tuple[str, ...]) -> dict[str, str]:
    """Each known label without its spaces, to the label as the chart writes it."""
    return {label.replace(" ", "").lower(): label for label in labels}


def repaired(label: str, known: tuple[str, ...], page_garbled: bool = False) -> str | None:
    """What a garbled label prints, if exactly one known label fits it; in the label's own case.

    On a page whose text layer is garbled, a label without an unreadable character may still have lost a
    letter with no trace but a space, or its first letter ("rets resultat"): it is read back too, when it
    is not a known label as it stands.
    """
    garbled = is_garbled(label)
    if not garbled and not (page_garbled and label.replace(" ", "").lower() not in _known(known)):
        return None
    pattern = _pattern(label, dropped_first=not garbled)
    fits = {text for bare, text in _known(known).items() if pattern.fullmatch(bare)}
    if len(fits) != 1:
        return None
    (text,) = fits
    letters = [c for c in label if c.isalpha()]
    return text.upper() if letters and all(c.isupper() for c in letters) else text
