"""Pictures of pages: each page that holds figures rendered once, for the audit pages to show them on.

Pages are rendered by pdfplumber (`Page.to_image()`, PDFium underneath), so
what an auditor sees is the page the figures were read from. Each page is
written once, in grey (print is black on white); the audit page shows each
figure as a window onto its page's picture and draws the outline itself
(`warehouse/templates/view.html.j2`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pdfplumber

from schemas.pictures import PagePicture


def render_pages(pdf_path: str | Path, pages: Mapping[int, Path], resolution: int = 110) -> list[PagePicture]:
    """Write each of these pages (1-based numbers) as a grey PNG to its path."""
    pictures = []
    with pdfplumber.open(pdf_path) as pdf:
        for number, path in sorted(pages.items()):
            page = pdf.pages[number - 1]
            picture = page.to_image(resolution=resolution).original.convert("L")
            path.parent.mkdir(parents=True, exist_ok=True)
            picture.save(path, format="PNG", compress_level=1)  # fast; the size hardly differs for print
            x0, top, x1, bottom = (float(v) for v in page.bbox)
            pictures.append(PagePicture(page=number, path=str(path), area=(x0, top, x1, bottom),
                                        scale=picture.width / (x1 - x0)))
            page.close()
    return pictures
