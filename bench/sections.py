"""Sections of `bench/results.md` that other benchmarks write (OCR): each between its own markers,
replaced in place by its script and kept when `benchmark.py` writes the rest of the file anew."""

from __future__ import annotations

import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.md"


def write_section(name: str, text: str, results: Path = RESULTS) -> None:
    """Put `text` as section `name` of the results file, in place of its last version (or at the end)."""
    block = f"<!-- {name} -->\n{text.strip()}\n<!-- /{name} -->\n"
    old = results.read_text(encoding="utf-8") if results.exists() else ""
    pattern = re.compile(rf"<!-- {re.escape(name)} -->\n.*?<!-- /{re.escape(name)} -->\n", re.S)
    new = pattern.sub(lambda _: block, old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + block
    results.write_text(new, encoding="utf-8")


def kept_sections(results: Path = RESULTS) -> str:
    """The sections other scripts wrote, as they stand, to keep under a new main part."""
    if not results.exists():
        return ""
    blocks = re.finditer(r"<!-- ([\w-]+) -->\n.*?<!-- /\1 -->\n", results.read_text(encoding="utf-8"), re.S)
    return "".join("\n" + block.group(0) for block in blocks)
