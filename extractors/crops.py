"""Pictures of where a figure was printed: its page rendered once, and the part around the figure to show.

Pages are rendered by pdfplumber (`Page.to_image()`, PDFium underneath), so
what an auditor sees is the page the figures were read from. Each page that
holds figures is written once, in grey (print is black on white); each
figure is then shown as a window onto its page's picture with its box
outlined, which the audit page draws (`warehouse/templates/view.html.j2`).
One picture per page rather than one per figure: a report's sixty figures
cost three renders and three files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from extractors.model import BBox


@dataclass(frozen=True)
class PageImage:
    """A rendered page: its file, and the part of the page it shows in points (PDF coordinates)."""

    page: int
    path: Path
    area: BBox  # the page's box as pdfplumber gives it: figures' boxes are in the same coordinates
    scale: float  # pixels per point

    def pixels(self, box: BBox) -> tuple[float, float, float, float]:
        """Where a box of the page lies in the picture, in pixels: left, top, width, height."""
        return ((box.x0 - self.area.x0) * self.scale, (box.top - self.area.top) * self.scale,
                box.width * self.scale, box.height * self.scale)


def view_box(bbox: BBox, page: BBox, context: BBox | None = None, margin: float = 24.0) -> BBox:
    """What to show of the page for a figure: its box and its context with a margin around them, kept on the page."""
    area = bbox.union(context) if context else bbox
    return BBox(
        max(page.x0, area.x0 - margin),
        max(page.top, area.top - margin),
        min(page.x1, area.x1 + margin),
        min(page.bottom, area.bottom + margin),
    )


def render_pages(pdf_path: str | Path, pages: Mapping[int, Path], resolution: int = 110) -> list[PageImage]:
    """Write each of these pages (1-based numbers) as a grey PNG to its path."""
    images = []
    with pdfplumber.open(pdf_path) as pdf:
        for number, path in sorted(pages.items()):
            page = pdf.pages[number - 1]
            picture = page.to_image(resolution=resolution).original.convert("L")
            path.parent.mkdir(parents=True, exist_ok=True)
            picture.save(path, format="PNG", compress_level=1)  # fast; the size hardly differs for print
            area = BBox(*(float(v) for v in page.bbox))
            images.append(PageImage(number, path, area, picture.width / area.width))
            page.close()
    return images
