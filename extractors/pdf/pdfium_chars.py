"""Every character of a PDFium text page at once: its code, flags, text object, loose box and origin.

The fast path (`extractors.pdf.pdfium_geometry`) asks PDFium six things of each character, and through ctypes
each call costs about half a microsecond: a third of the fast path's time on the real reports. `pdfium_chars.c`
makes the same calls in one C loop, given the addresses of the functions pypdfium2 loaded, so its answers are
that library's. It is built on first use with the system's C compiler (`cc`, or CC) into `build/` beside it (or
the temporary folder where that cannot be written), named by a digest of its source; where no compiler builds
it, or FH_PDFIUM_CHARS=python, the same arrays are read by ctypes, a call a character
(tests/test_pdfium_chars.py holds the two equal on real pages).
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import logging
import os
import subprocess
import tempfile
from array import array
from dataclasses import dataclass
from pathlib import Path

import pypdfium2.raw as pdfium

log = logging.getLogger(__name__)

SOURCE = Path(__file__).with_name("pdfium_chars.c")
FLAGS = ("-O2", "-shared", "-fPIC")
GENERATED, HYPHEN, MAP_ERROR = 1, 2, 4  # the bits of a character's flags, as pdfium_chars.c sets them
_MADE_BY_PDFIUM = frozenset({0x20, 0x0D, 0x0A})  # the characters IsGenerated is asked of
# PDFium gives a hyphen it takes for a word broken at a line's end as U+0002 (FPDFText_IsHyphen); the fast path
# reads it as a hyphen-minus where its glyph is as wide as the font's.
_LINE_END_HYPHEN = 0x02


@dataclass(frozen=True)
class PageChars:
    """A text page's characters, index by index: code (FPDFText_GetUnicode), flags (GENERATED, HYPHEN,
    MAP_ERROR), text object (its address, 0 for none), the loose box's left and right, the origin, the font size
    and the text object's font (its address, 0 for none); and the matrices, six numbers a character (`matrix`)."""

    codes: list[int]
    flags: list[int]
    objects: list[int]
    lefts: list[float]
    rights: list[float]
    xs: list[float]
    ys: list[float]
    sizes: list[float]
    fonts: list[int]
    matrices: array

    def matrix(self, index: int) -> tuple[float, ...]:
        """The matrix of character `index` (FPDFText_GetMatrix): a, b, c, d, e, f."""
        return tuple(self.matrices[6 * index:6 * index + 6])


def read_chars(textpage: int, count: int) -> PageChars:
    """The `count` characters of the text page at address `textpage`, by the C loop where it is built."""
    library = None if os.environ.get("FH_PDFIUM_CHARS", "").strip().lower() == "python" else _library()
    if library is None:
        return _read_by_ctypes(textpage, count)
    codes, flags, objects = array("I", bytes(4 * count)), array("i", bytes(4 * count)), array("Q", bytes(8 * count))
    boxes, origins = array("f", bytes(16 * count)), array("d", bytes(16 * count))
    matrices, sizes, fonts = array("f", bytes(24 * count)), array("d", bytes(8 * count)), array("Q", bytes(8 * count))
    library.read_chars(textpage, count, _FUNCTIONS, *(_address(buffer) for buffer in
                                                      (codes, flags, objects, boxes, origins, matrices, sizes, fonts)))
    boxes_listed, origins_listed = boxes.tolist(), origins.tolist()
    return PageChars(codes.tolist(), flags.tolist(), objects.tolist(), boxes_listed[0::4], boxes_listed[2::4],
                     origins_listed[0::2], origins_listed[1::2], sizes.tolist(), fonts.tolist(), matrices)


def built() -> bool:
    """Whether the C loop is built and used (not turned off by FH_PDFIUM_CHARS=python)."""
    return os.environ.get("FH_PDFIUM_CHARS", "").strip().lower() != "python" and _library() is not None


def _address(buffer: array) -> int:
    return buffer.buffer_info()[0]


def _lean(function, restype, *argtypes):
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)


_ADDRESS, _INT = ctypes.c_void_p, ctypes.c_int
_PDFIUM = (pdfium.FPDFText_GetUnicode, pdfium.FPDFText_IsGenerated, pdfium.FPDFText_IsHyphen,
           pdfium.FPDFText_HasUnicodeMapError, pdfium.FPDFText_GetTextObject, pdfium.FPDFText_GetLooseCharBox,
           pdfium.FPDFText_GetCharOrigin, pdfium.FPDFText_GetMatrix, pdfium.FPDFText_GetFontSize,
           pdfium.FPDFTextObj_GetFont)
_FUNCTIONS = (ctypes.c_void_p * len(_PDFIUM))(*(ctypes.cast(function, ctypes.c_void_p).value for function in _PDFIUM))
_unicode = _lean(pdfium.FPDFText_GetUnicode, ctypes.c_uint, _ADDRESS, _INT)
_is_generated = _lean(pdfium.FPDFText_IsGenerated, _INT, _ADDRESS, _INT)
_is_hyphen = _lean(pdfium.FPDFText_IsHyphen, _INT, _ADDRESS, _INT)
_unicode_map_error = _lean(pdfium.FPDFText_HasUnicodeMapError, _INT, _ADDRESS, _INT)
_text_object = _lean(pdfium.FPDFText_GetTextObject, _ADDRESS, _ADDRESS, _INT)
_loose_box = _lean(pdfium.FPDFText_GetLooseCharBox, _INT, _ADDRESS, _INT, _ADDRESS)
_origin = _lean(pdfium.FPDFText_GetCharOrigin, _INT, _ADDRESS, _INT, _ADDRESS, _ADDRESS)
_matrix = _lean(pdfium.FPDFText_GetMatrix, _INT, _ADDRESS, _INT, _ADDRESS)
_font_size = _lean(pdfium.FPDFText_GetFontSize, ctypes.c_double, _ADDRESS, _INT)
_object_font = _lean(pdfium.FPDFTextObj_GetFont, _ADDRESS, _ADDRESS)


def _read_by_ctypes(textpage: int, count: int) -> PageChars:
    """What the C loop reads, a ctypes call at a time."""
    box, origin = pdfium.FS_RECTF(), (ctypes.c_double * 2)()
    box_at, x_at, y_at = ctypes.addressof(box), ctypes.addressof(origin), ctypes.addressof(origin) + 8
    matrix = (ctypes.c_float * 6)()
    chars = PageChars([], [], [], [], [], [], [], [], [], array("f"))
    last_object = last_font = 0
    for index in range(count):
        code = _unicode(textpage, index)
        flag = GENERATED if code in _MADE_BY_PDFIUM and _is_generated(textpage, index) else 0
        if code == _LINE_END_HYPHEN and _is_hyphen(textpage, index) == 1:
            flag |= HYPHEN
        if _unicode_map_error(textpage, index):
            flag |= MAP_ERROR
        _loose_box(textpage, index, box_at)
        _origin(textpage, index, x_at, y_at)
        _matrix(textpage, index, ctypes.addressof(matrix))
        text_object = _text_object(textpage, index) or 0
        if text_object != last_object:
            last_font = (_object_font(text_object) or 0) if text_object else 0
            last_object = text_object
        chars.codes.append(code)
        chars.flags.append(flag)
        chars.objects.append(text_object)
        chars.sizes.append(_font_size(textpage, index))
        chars.fonts.append(last_font)
        chars.matrices.extend(matrix)
        chars.lefts.append(box.left)
        chars.rights.append(box.right)
        chars.xs.append(origin[0])
        chars.ys.append(origin[1])
    return chars


@functools.cache
def _library():
    """pdfium_chars.c built (once per source: the file's name holds its digest) and loaded, or None."""
    source = SOURCE.read_bytes()
    compiler = os.environ.get("CC", "cc")
    digest = hashlib.sha256(source + " ".join((compiler, *FLAGS)).encode()).hexdigest()[:16]
    name = f"pdfium_chars-{digest}.so"
    reasons = []
    for folder in (SOURCE.parent / "build", Path(tempfile.gettempdir()) / "fh-build"):
        built_file = folder / name
        try:
            if not built_file.exists():
                _build(compiler, folder, built_file)
            library = ctypes.CDLL(str(built_file))
        except subprocess.CalledProcessError as error:
            said = error.stderr.decode(errors="replace").strip().splitlines()
            reasons.append(f"{folder}: {compiler} failed: {said[-1] if said else error}")
            continue
        except (OSError, subprocess.SubprocessError) as error:
            reasons.append(f"{folder}: {error}")
            continue
        library.read_chars.restype = None
        library.read_chars.argtypes = (_ADDRESS, _INT, *(_ADDRESS,) * 9)
        return library
    log.warning("pdfium_chars.c is not built (%s): each character is read by ctypes, slower, the same",
                "; ".join(reasons))
    return None


def _build(compiler: str, folder: Path, target: Path) -> None:
    """Compiles into a file of this process's own, then moves it in place: processes building at once each
    build their own, and a reader never loads half a file."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=folder, prefix=".pdfium_chars-", suffix=".so")
    os.close(handle)
    try:
        subprocess.run([compiler, *FLAGS, "-o", partial, str(SOURCE)], check=True, capture_output=True,
                       timeout=120)
        os.replace(partial, target)
        for stale in folder.glob("pdfium_chars-*.so"):
            if stale != target:
                stale.unlink(missing_ok=True)  # built from an older source (a process that loaded it keeps it)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
