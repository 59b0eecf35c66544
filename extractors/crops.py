"""Pictures of where a figure was printed: a crop of its page with the figure outlined.

Made with pdfplumber's own rendering (`Page.to_image()`, PDFium underneath), so
what an auditor sees is the page the figures were read from. Each page is
rendered once and every crop of it is cut from that picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pdfplumber
from PIL import Image, ImageDraw

from extractors.model import BBox


@dataclass(frozen=True)
class Crop:
    """A region to picture: the page, the figure's box, what to show around it, and the file to write."""

    page: int
    bbox: BBox  # outlined
    path: Path
    context: BBox | None = None  # shown too, e.g. the label of an amount


def crop_box(crop: Crop, page_width: float, page_height: float, margin: float = 24.0) -> BBox:
    """The figure's box and its context with a margin around them, kept on the page."""
    area = crop.bbox.union(crop.context) if crop.context else crop.bbox
    return BBox(
        max(0.0, area.x0 - margin),
        max(0.0, area.top - margin),
        min(page_width, area.x1 + margin),
        min(page_height, area.bottom + margin),
    )


def render_crops(pdf_path: str | Path, crops: Iterable[Crop], resolution: int = 110) -> list[Path]:
    """Write a PNG per crop: the region around the box, the box outlined in red."""
    by_page: dict[int, list[Crop]] = {}
    for crop in crops:
        by_page.setdefault(crop.page, []).append(crop)
    written = []
    with pdfplumber.open(pdf_path) as pdf:
        for number, page_crops in sorted(by_page.items()):
            page = pdf.pages[number - 1]
            picture = page.to_image(resolution=resolution).original.convert("RGB")
            left, top = float(page.bbox[0]), float(page.bbox[1])
            scale = picture.width / float(page.width)

            def pixels(x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
                return (round((x0 - left) * scale), round((y0 - top) * scale),
                        round((x1 - left) * scale), round((y1 - top) * scale))

            for crop in page_crops:
                region = crop_box(crop, float(page.width), float(page.height))
                x0, y0, x1, y1 = pixels(region.x0, region.top, region.x1, region.bottom)
                image = picture.crop((x0, y0, x1, y1)).convert("RGBA")
                mark = Image.new("RGBA", image.size, (0, 0, 0, 0))
                bx0, by0, bx1, by1 = pixels(crop.bbox.x0 - 1.5, crop.bbox.top - 1.5, crop.bbox.x1 + 1.5, crop.bbox.bottom + 1.5)
                ImageDraw.Draw(mark).rectangle((bx0 - x0, by0 - y0, bx1 - x0, by1 - y0),
                                               fill=(255, 230, 0, 60), outline=(220, 0, 0, 255), width=2)
                crop.path.parent.mkdir(parents=True, exist_ok=True)
                Image.alpha_composite(image, mark).convert("RGB").save(crop.path, format="PNG", compress_level=1)  # fast: small crops, twice the speed of the default
                written.append(crop.path)
            page.close()
    return written
