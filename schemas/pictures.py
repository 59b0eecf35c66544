"""A rendered page picture: what the audit pages show each figure on."""

from __future__ import annotations

from pydantic import Field

from schemas.base import Record

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points, origin top-left (pdfplumber's)


class PagePicture(Record):
    """A page rendered to a picture file, and the part of the page it shows in points."""

    page: int = Field(ge=1)
    path: str
    area: Box  # the page's box: figures' boxes are in the same coordinates
    scale: float = Field(gt=0)  # pixels per point

    def pixels(self, box: Box) -> Box:
        """Where a box of the page lies in the picture, in pixels: left, top, width, height."""
        x0, top, x1, bottom = box
        return ((x0 - self.area[0]) * self.scale, (top - self.area[1]) * self.scale,
                (x1 - x0) * self.scale, (bottom - top) * self.scale)
