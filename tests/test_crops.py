"""The audit pictures: each is its figure's region of the rendered page, the figure outlined in red."""

from __future__ import annotations

from PIL import Image

from extractors.crops import Crop, crop_box, render_crops
from extractors.report_info import report_year
from extractors.statements import extract_statements
from extractors.model import BBox
from tests.conftest import RAW_REPORTS, REPORT_2024, sample_document

RED = (220, 0, 0)


def test_each_picture_is_its_region_with_the_figure_outlined(tmp_path):
    document = sample_document(REPORT_2024)
    facts = extract_statements(document, "r", report_year(document)).facts
    chosen = [facts[0], facts[len(facts) // 2], facts[-1]]  # on more than one row, and both statements' ends
    resolution = 110
    crops = [
        Crop(f.page, BBox(f.x0, f.top, f.x1, f.bottom), tmp_path / f"fact-{i}.png",
             BBox(f.label_x0, f.label_top, f.label_x1, f.label_bottom))
        for i, f in enumerate(chosen)
    ]
    written = render_crops(RAW_REPORTS / REPORT_2024, crops, resolution=resolution)
    assert written == [c.path for c in crops]

    scale = resolution / 72
    for crop in crops:
        page = document.pages[crop.page - 1]
        region = crop_box(crop, page.width, page.height)
        image = Image.open(crop.path).convert("RGB")
        assert abs(image.width - region.width * scale) <= 1.5 and abs(image.height - region.height * scale) <= 1.5
        # The outline runs just outside the figure's box, on all four sides.
        x0, y0 = (crop.bbox.x0 - 1.5 - region.x0) * scale, (crop.bbox.top - 1.5 - region.top) * scale
        x1, y1 = (crop.bbox.x1 + 1.5 - region.x0) * scale, (crop.bbox.bottom + 1.5 - region.top) * scale
        middle_x, middle_y = round((x0 + x1) / 2), round((y0 + y1) / 2)
        for point in [(middle_x, round(y0)), (middle_x, round(y1)), (round(x0), middle_y), (round(x1), middle_y)]:
            assert _near(image, point, RED), (crop.path.name, point)
        # Inside the outline is ink: the printed amount.
        inside = image.crop((round(x0) + 3, round(y0) + 3, round(x1) - 3, round(y1) - 3)).convert("L")
        assert min(inside.getdata()) < 100, crop.path.name
        # Far from the outline, the page is as printed: no red anywhere at the label.
        label = image.crop((2, round(y0), max(3, round(x0) - 20), round(y1))).convert("RGB")
        assert not any(r > 180 and g < 60 and b < 60 for r, g, b in label.getdata()), crop.path.name


def _near(image: Image.Image, point: tuple[int, int], colour: tuple[int, int, int], reach: int = 2) -> bool:
    x, y = point
    for dx in range(-reach, reach + 1):
        for dy in range(-reach, reach + 1):
            px = image.getpixel((min(max(x + dx, 0), image.width - 1), min(max(y + dy, 0), image.height - 1)))
            if all(abs(a - b) < 40 for a, b in zip(px, colour)):
                return True
    return False
