"""The README's map of the repository is true to the tree: every module is on it, in its folder's row, and
everything it names is there."""

from __future__ import annotations

import re

from tests.conftest import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
MAPPED = ("extractors", "extractors/pdf", "extractors/records", "extractors/records/statements", "schemas",
          "schemas/vocabularies", "warehouse", "pipelines", "pipelines/reading", "bench")


def layout_rows() -> dict[str, str]:
    """The rows of the README's layout table: folder -> what the row says it holds."""
    section = README[README.index("## Layout of the repository"):]
    rows = {}
    for line in section.splitlines():
        match = re.match(r"^\| `([\w/.]+)/?` \| (.*?) \| (.*?) \|$", line)
        if match:
            rows[match[1].rstrip("/")] = match[2]
    return rows


def test_every_module_is_on_the_map_in_its_folders_row():
    rows = layout_rows()
    assert set(MAPPED) <= set(rows), sorted(set(MAPPED) - set(rows))
    missing = [f"{folder}/{path.name}" for folder in MAPPED for path in sorted((PROJECT_ROOT / folder).glob("*.py"))
               if path.name != "__init__.py" and f"`{path.name}`" not in rows[folder]]
    assert missing == []


def test_everything_the_map_names_is_in_the_tree():
    rows = layout_rows()
    assert rows
    named = [(folder, name) for folder, held in rows.items() for name in re.findall(r"`([\w.]+\.py)`", held)]
    assert len(named) > 60
    absent = [f"{folder}/{name}" for folder, name in named if not (PROJECT_ROOT / folder / name).exists()]
    assert absent == []
    folders = [f"{folder}/{name}" for folder, held in rows.items() for name in re.findall(r"`(\w+)/`", held)]
    assert [path for path in folders if not (PROJECT_ROOT / path).is_dir()] == []


def test_where_to_look_first_names_files_that_are_there():
    section = README[README.index("Where to look first:"):]
    section = section[:section.index("\n\n", section.index("- **"))]
    paths = re.findall(r"`((?:extractors|pipelines|warehouse|schemas)/[\w/]+\.(?:py|yaml))`", section)
    assert len(paths) >= 4
    assert [path for path in paths if not (PROJECT_ROOT / path).exists()] == []
