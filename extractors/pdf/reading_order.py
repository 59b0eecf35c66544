"""Reading order from geometry alone: columns are read one after the other.

A recursive XY-cut with one refinement. The page is cut into horizontal bands
at every vertical gap that no block bridges. Consecutive bands are then merged
while they share a column gutter (an empty vertical strip with blocks on both
sides), so that two columns whose paragraph breaks happen to line up are not
read across; a band that spans the gutter (a full-width heading, a table, a
caption) stops the merge and is read in its place. Each merged group is cut at
its gutters into columns, read left to right, and each column is ordered the
same way, recursively.

Nothing here knows a page size, a coordinate or a font: the only parameter is
the narrowest gutter, given in points by the caller from the font size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from extractors.pdf.model import BBox

T = TypeVar("T")


def reading_order(items: Sequence[T], bbox: Callable[[T], BBox], min_gutter: float) -> list[T]:
    """The items in reading order."""
    if len(items) <= 1:
        return list(items)
    ordered: list[T] = []
    for group in _merge_bands_sharing_a_gutter(_horizontal_bands(items, bbox), bbox, min_gutter):
        columns = _vertical_split(group, bbox, min_gutter)
        if len(columns) == 1:
            ordered.extend(sorted(group, key=lambda i: (bbox(i).top, bbox(i).x0)))
        else:
            for column in columns:
                ordered.extend(reading_order(column, bbox, min_gutter))
    return ordered


def _horizontal_bands(items: Sequence[T], bbox: Callable[[T], BBox]) -> list[list[T]]:
    """Cut at every horizontal line that crosses no item, top to bottom."""
    bands: list[list[T]] = []
    band_bottom = float("-inf")
    for item in sorted(items, key=lambda i: bbox(i).top):
        box = bbox(item)
        if bands and box.top < band_bottom:
            bands[-1].append(item)
            band_bottom = max(band_bottom, box.bottom)
        else:
            bands.append([item])
            band_bottom = box.bottom
    return bands


def _merge_bands_sharing_a_gutter(
    bands: list[list[T]], bbox: Callable[[T], BBox], min_gutter: float
) -> list[list[T]]:
    groups: list[list[T]] = []
    for band in bands:
        if groups and _gutters(groups[-1] + band, bbox, min_gutter) and _gutters_agree(
            groups[-1], band, bbox, min_gutter
        ):
            groups[-1] = groups[-1] + band
        else:
            groups.append(list(band))
    return groups


def _gutters_agree(group: list[T], band: list[T], bbox: Callable[[T], BBox], min_gutter: float) -> bool:
    """A band joins a column group only if one of the group's own gutters runs on through it.

    Without this, a single narrow band (a short heading at the left) would join
    any group, and a two-column group would swallow a single-column paragraph
    below it that happens to leave a strip of the right side empty.
    """
    group_gutters = _gutters(group, bbox, min_gutter)
    if not group_gutters:
        # A lone item or a single column: it joins the next band only when the
        # next band has columns that the lone item fits into.
        band_gutters = _gutters(band, bbox, min_gutter)
        return any(
            all(_fits_one_side(bbox(i), gap) for i in group) for gap in band_gutters
        )
    merged = _gutters(group + band, bbox, min_gutter)
    return any(_overlap(g, m) > 0 for g in group_gutters for m in merged)


def _fits_one_side(box: BBox, gutter: tuple[float, float]) -> bool:
    return box.x1 <= gutter[0] + 0.5 or box.x0 >= gutter[1] - 0.5


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return min(a[1], b[1]) - max(a[0], b[0])


def _gutters(items: Sequence[T], bbox: Callable[[T], BBox], min_gutter: float) -> list[tuple[float, float]]:
    """Empty vertical strips at least `min_gutter` wide with items on both sides."""
    spans = sorted((bbox(i).x0, bbox(i).x1) for i in items)
    gutters = []
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= min_gutter:
            gutters.append((reach, x0))
        reach = max(reach, x1)
    return gutters


def _vertical_split(items: Sequence[T], bbox: Callable[[T], BBox], min_gutter: float) -> list[list[T]]:
    gutters = _gutters(items, bbox, min_gutter)
    if not gutters:
        return [list(items)]
    columns: list[list[T]] = [[] for _ in range(len(gutters) + 1)]
    for item in items:
        x0 = bbox(item).x0
        index = sum(1 for left, _right in gutters if x0 >= left)
        columns[index].append(item)
    return [column for column in columns if column]
