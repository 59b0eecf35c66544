"""From lines to blocks: paragraphs and headings.

A line joins the block above it when it stands in the same column (their
horizontal extents overlap, or they start at the same x), follows it at the
ordinary leading (the gap is less than `max_gap_em` of the font size), and is
set in the same style (size and weight). Anything else starts a new block:
a paragraph break, a heading, a column of its own.

Whether a block is a heading is decided from the document's body size: a
block set larger than the body text, or in bold while the body is not, and
short enough to be a title, is a heading. Levels rank the heading sizes of the
whole document, largest first.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from extractors.pdf.hyphenation import join_lines
from extractors.pdf.lines import LIST_MARKERS
from extractors.pdf.model import Block, BlockKind, Line, bbox_of


@dataclass(frozen=True)
class BlockSettings:
    """How lines are grouped into blocks and when a block is a heading.

    max_gap_em: the largest blank between two lines of one paragraph, in ems.
    size_tolerance: relative size difference still counted as the same style.
    heading_scale: a block this much larger than the body size is a heading.
    heading_max_chars: a heading is no longer than this.
    """

    max_gap_em: float = 0.75
    size_tolerance: float = 0.06
    heading_scale: float = 1.12
    heading_max_chars: int = 160

    def __post_init__(self) -> None:
        for name in ("max_gap_em", "size_tolerance", "heading_scale"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive, got {getattr(self, name)}")


DEFAULT_BLOCK_SETTINGS = BlockSettings()


def lines_to_groups(lines: Sequence[Line], settings: BlockSettings = DEFAULT_BLOCK_SETTINGS) -> list[list[Line]]:
    """Group lines into paragraphs: same column, ordinary leading, same style."""
    groups: list[list[Line]] = []
    open_groups: list[list[Line]] = []  # groups a later line may still join
    for line in sorted(lines, key=lambda line: (line.bbox.top, line.bbox.x0)):
        # Lines come top to bottom: a group whose last line ends further above
        # than any paragraph gap allows is closed for good.
        reach = settings.max_gap_em * 2 * line.size
        open_groups = [g for g in open_groups if line.bbox.top - g[-1].bbox.bottom <= reach]
        if line.words[0].text in LIST_MARKERS:
            groups.append([line])  # a list item starts a block of its own
            open_groups.append(groups[-1])
            continue
        best: list[Line] | None = None
        best_gap = float("inf")
        for group in open_groups:
            last = group[-1]
            gap = line.bbox.top - last.bbox.bottom
            if gap < -0.3 * line.size or gap > settings.max_gap_em * max(line.size, last.size):
                continue
            if not _same_column(last, line) or not _same_style(last, line, settings):
                continue
            if gap < best_gap:
                best, best_gap = group, gap
        if best is None:
            groups.append([line])
            open_groups.append(groups[-1])
        else:
            best.append(line)
    return groups


def _same_column(above: Line, below: Line) -> bool:
    if abs(above.bbox.x0 - below.bbox.x0) <= 1.0:
        return True
    overlap = above.bbox.horizontal_overlap(below.bbox)
    return overlap >= 0.5 * min(above.bbox.width, below.bbox.width)


def _same_style(a: Line, b: Line, settings: BlockSettings) -> bool:
    if a.bold != b.bold:
        return False
    larger = max(a.size, b.size) or 1.0
    return abs(a.size - b.size) / larger <= settings.size_tolerance


def group_to_block(
    lines: Sequence[Line],
    body_size: float,
    body_bold: bool,
    vocabulary: Collection[str],
    settings: BlockSettings = DEFAULT_BLOCK_SETTINGS,
) -> Block:
    """A paragraph or heading block from a group of lines, text dehyphenated."""
    text = join_lines([line.text for line in lines], vocabulary)
    return Block(
        kind=BlockKind.HEADING if _is_heading(lines, text, body_size, body_bold, settings) else BlockKind.PARAGRAPH,
        lines=tuple(lines),
        bbox=bbox_of(lines),
        text=text,
    )


def _is_heading(lines: Sequence[Line], text: str, body_size: float, body_bold: bool, settings: BlockSettings) -> bool:
    if len(text) > settings.heading_max_chars or len(lines) > 3:
        return False
    if not any(c.isalpha() for c in text):
        return False
    size = max(line.size for line in lines)
    if size >= settings.heading_scale * body_size:
        return True
    bold = all(line.bold for line in lines)
    # Bold at body size: a run-in heading, unless the sentence goes on.
    return bold and not body_bold and size >= body_size * (1 - settings.size_tolerance) and not text.endswith((",", ":", ";"))


def heading_levels(blocks: Sequence[Block]) -> dict[float, int]:
    """Heading level per font size, 1 for the largest size in the document."""
    sizes = sorted({round(max(line.size for line in b.lines), 1) for b in blocks if b.kind is BlockKind.HEADING}, reverse=True)
    return {size: level for level, size in enumerate(sizes, start=1)}
