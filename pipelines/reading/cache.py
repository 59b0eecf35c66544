"""Read each file once: the reading of a PDF kept on disk, keyed by the SHA-256 of its bytes.

A report whose bytes have not changed is never parsed again, whatever its
name or wherever it lies; a changed file has a new hash and is read anew. The
cache is a folder of pickles, one per content hash, written atomically (a
temporary file renamed into place), so a crash never leaves half a reading.
The document model reader's fingerprint is part of the key
(`pipelines.reading.fingerprint`): a change to that reader reads files anew.
A reading with pages that OCR should have read and did not (OCR turned off,
Tesseract missing, out of time) is not kept; one OCR read is, so a warm run
never runs OCR again.

A file that could not be read at all (not a PDF, encrypted, over its time or
memory budget, a crashing parser) is remembered too, with its reason, keyed by
its bytes, the reader's fingerprint and the limits it was read within: it is
read again only when one of those changes (or with `make run FORCE=1`), never
paying its whole budget again on every run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import tempfile
from pathlib import Path

from extractors.pdf.model import Document
from pipelines.reading.fingerprint import document_fingerprint
from pipelines.reading.isolation import Limits, Reading, read_within_limits


def cache_path(cache_dir: Path, sha256: str) -> Path:
    return cache_dir / f"{sha256}.{document_fingerprint()}.pickle"


def failure_path(cache_dir: Path, sha256: str, limits: Limits) -> Path:
    """Where the reason a content could not be read within these limits is kept."""
    key = hashlib.sha256(repr(dataclasses.astuple(limits)).encode()).hexdigest()[:12]
    return cache_dir / f"{sha256}.{document_fingerprint()}.{key}.failed"


def forget_readings(cache_dir: Path, sha256s: list[str]) -> int:
    """Drop the cached readings of these contents, and the failures to read them, whatever reader made them
    (`make run FORCE=1`); how many."""
    dropped = 0
    for sha256 in sha256s:
        for stored in [*cache_dir.glob(f"{sha256}.*.pickle"), *cache_dir.glob(f"{sha256}.*.failed")]:
            stored.unlink(missing_ok=True)
            dropped += 1
    return dropped


def cached_reading(path: str | Path, sha256: str, cache_dir: Path | None, limits: Limits) -> tuple[Reading, bool]:
    """The reading of a file, from the cache when its bytes were read before; and whether it was."""
    if cache_dir is not None:
        stored = cache_path(cache_dir, sha256)
        if stored.exists():
            try:
                with open(stored, "rb") as handle:
                    reading = pickle.load(handle)
                return _for_file(reading, path), True
            except Exception:  # noqa: BLE001 - a damaged cache entry is read again, not trusted
                stored.unlink(missing_ok=True)
        failed = failure_path(cache_dir, sha256, limits)
        if failed.exists():
            try:
                name, error = json.loads(failed.read_text(encoding="utf-8"))
                return Reading(None, _renamed_error(error, name, Path(path).name)), True
            except (OSError, ValueError):  # a damaged entry is read again, not trusted
                failed.unlink(missing_ok=True)
    reading = read_within_limits(path, limits, cache_dir / "ocr" if cache_dir is not None else None)
    if cache_dir is not None and reading.document is not None and not ocr_left_undone(reading.document):
        _store(cache_path(cache_dir, sha256), reading)
    if cache_dir is not None and reading.document is None and reading.error:
        _store_failure(failure_path(cache_dir, sha256, limits), Path(path).name, reading.error)
    return reading, False


def _renamed_error(error: str, name: str, now: str) -> str:
    """The reason a content could not be read, said of the file it is now (its bytes may have had another name)."""
    return f"{now}{error[len(name):]}" if error.startswith(name) and name != now else error


def _store_failure(target: Path, name: str, error: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump([name, error], out, ensure_ascii=False)
    os.replace(temporary, target)


def ocr_left_undone(document: Document) -> bool:
    """Whether a page that OCR should read was not (OCR off, Tesseract missing, out of time): such a reading is
    not kept, so the next run reads those pages again."""
    return any(page.reading_note is not None and page.reading_note.not_read for page in document.pages)


def _store(target: Path, reading: Reading) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(reading, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _for_file(reading: Reading, path: str | Path) -> Reading:
    """The cached reading, named for the file asked about (the same bytes may have had another name)."""
    import dataclasses

    if reading.document is None or reading.document.path == str(path):
        return reading
    return dataclasses.replace(reading, document=dataclasses.replace(reading.document, path=str(path)))
