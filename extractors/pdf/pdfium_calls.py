"""What the fast path asks of PDFium a character, an object or a path segment at a time, asked in C loops.

The fast path (`extractors.pdf.pdfium_geometry`) asks PDFium several things of each character (code, flags,
text object, loose box, origin, matrix, size, font) and of each page object and path segment, and through ctypes
each call costs about half a microsecond: a third of the fast path's time on the real reports. `pdfium_calls.c`
makes the same calls in C loops, given the addresses of the functions pypdfium2 loaded (it links to nothing), so
its answers are that library's, and fills arrays read here as lists. It is built on first use with the system's
C compiler (`cc`, or CC) into `build/` beside it (or the temporary folder where that cannot be written), named
by a digest of its source; where no compiler builds it, or FH_PDFIUM_CALLS=ctypes, the same arrays are read by
ctypes, a call at a time (tests/test_pdfium_calls.py holds the two equal on real pages).

Most characters are the common case: printed, upright, of an unturned run. `place_plain` places them in C too
(`place_chars`: pdfminer's box from the origin, the font's width and descent), in stretches the Python reader
makes its character dicts of at once; the others, and every character where the loops are not built, it places
one by one, the same (tests/test_pdfium_calls.py holds the two equal).
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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2.raw as pdfium

log = logging.getLogger(__name__)

SOURCE = Path(__file__).with_name("pdfium_calls.c")
# Products are not fused into additions (-ffp-contract=off, as some targets do by default): a box is then
# rounded as Python rounds it.
FLAGS = ("-O2", "-shared", "-fPIC", "-ffp-contract=off")
GENERATED, HYPHEN, MAP_ERROR = 1, 2, 4  # the bits of a character's flags, as pdfium_calls.c sets them
_MADE_BY_PDFIUM = frozenset({0x20, 0x0D, 0x0A})  # the characters IsGenerated is asked of
# PDFium gives a hyphen it takes for a word broken at a line's end as U+0002 (FPDFText_IsHyphen); the fast path
# reads it as a hyphen-minus where its glyph is as wide as the font's.
_LINE_END_HYPHEN = 0x02


@dataclass(frozen=True)
class PageChars:
    """A text page's characters, index by index: code (FPDFText_GetUnicode), flags (GENERATED, HYPHEN,
    MAP_ERROR), text object (its address, 0 for none), the loose box's right (and left), the origin, the font size
    and the text object's font (its address, 0 for none); and the matrices, six numbers a character (`matrix`).
    What each character is asked for is a list; what a few are asked for stays an array (a float object
    less a character)."""

    codes: list[int]
    flags: list[int]
    objects: list[int]
    lefts: array
    rights: list[float]
    xs: list[float]
    ys: list[float]
    sizes: array
    fonts: array
    matrices: array
    # The arrays the C loop wrote (codes, flags, objects, rights, xs, ys), for `place_plain` to hand back to C;
    # None where ctypes read them.
    written: tuple[array, ...] | None = None

    def matrix(self, index: int) -> tuple[float, ...]:
        """The matrix of character `index` (FPDFText_GetMatrix): a, b, c, d, e, f."""
        return tuple(self.matrices[6 * index:6 * index + 6])


def read_chars(textpage: int, count: int) -> PageChars:
    """The `count` characters of the text page at address `textpage`, by the C loop where it is built."""
    library = _used_library()
    if library is None:
        return _read_by_ctypes(textpage, count)
    codes, flags, objects = array("I", bytes(4 * count)), array("i", bytes(4 * count)), array("Q", bytes(8 * count))
    lefts, rights, xs, ys = (array("f", bytes(4 * count)), array("f", bytes(4 * count)), array("d", bytes(8 * count)),
                             array("d", bytes(8 * count)))
    matrices, sizes, fonts = array("f", bytes(24 * count)), array("d", bytes(8 * count)), array("Q", bytes(8 * count))
    library.read_chars(textpage, count, _FUNCTIONS, *(_address(buffer) for buffer in
                                                      (codes, flags, objects, lefts, rights, xs, ys, matrices, sizes,
                                                       fonts)))
    return PageChars(codes.tolist(), flags.tolist(), objects.tolist(), lefts, rights.tolist(), xs.tolist(),
                     ys.tolist(), sizes, fonts, matrices, (codes, flags, objects, rights, xs, ys))


@dataclass(frozen=True)
class PlacedChars:
    """The characters `place_plain` placed, in stretches of one text object each (start, end and how many spaces
    it holds: three numbers a stretch), and of each placed character its box's right, top and bottom (its left is
    its origin's x) and its run (in the order the runs' shapes were asked)."""

    stretches: list[int]
    x1s: list[float]
    tops: list[float]
    bottoms: list[float]
    runs: array


# What `place_plain` asks of a run (by its first character's index): a, lift, size, font size, whether it is
# upright and unturned, and its font's address.
RunShape = tuple[float, float, float, float, bool, int]


def place_plain(textpage: int, chars: PageChars, height: float, shape: Callable[[int], RunShape]) -> PlacedChars:
    """The characters of the common case of `extractors.pdf.pdfium_geometry._read_chars` placed in C (the place_chars
    loop of pdfium_calls.c), given each run's shape; none where the C loops are not built, or the characters were
    read by ctypes (the Python reader then places every one, the same)."""
    library = _used_library()
    if library is None or chars.written is None:
        return PlacedChars([], [], [], [], array("i"))
    codes, flags, objects, rights, xs, ys = chars.written
    count = len(codes)
    run_of = array("i", bytes(4 * count))
    room = 64
    while True:
        firsts = array("i", bytes(4 * room))
        runs = library.runs_of_chars(count, _address(flags), _address(objects), _address(chars.fonts),
                                     _address(chars.matrices), _address(chars.sizes), room, _address(run_of),
                                     _address(firsts))
        if runs <= room:
            break
        room = runs
    shapes, plain, fonts = array("d"), array("i"), array("Q")
    for first in firsts[:runs]:
        a, lift, size, font_size, upright, font = shape(first)
        shapes.extend((a, lift, size, font_size))
        plain.append(1 if upright else 0)
        fonts.append(font)
    x1s, tops, bottoms = array("d", bytes(8 * count)), array("d", bytes(8 * count)), array("d", bytes(8 * count))
    room = count // 8 + 16
    while True:
        stretches = array("i", bytes(12 * room))
        found = library.place_chars(textpage, count, _PLACE_FUNCTIONS, *(_address(buffer) for buffer in (
            codes, flags, objects, rights, xs, ys, run_of, shapes, plain, fonts)), height,
            *(_address(buffer) for buffer in (x1s, tops, bottoms)), room, _address(stretches))
        if found <= room:
            return PlacedChars(stretches[:3 * found].tolist(), x1s.tolist(), tops.tolist(), bottoms.tolist(), run_of)
        room = found


def built() -> bool:
    """Whether the C loops are built and used (not turned off by FH_PDFIUM_CALLS=ctypes)."""
    return _used_library() is not None


def _address(buffer: array) -> int:
    return buffer.buffer_info()[0]


def lean(function, restype, *argtypes):
    """A PDFium function called with plain addresses and numbers: a ctypes call costs less so."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)


_ADDRESS, _INT = ctypes.c_void_p, ctypes.c_int
_PDFIUM = (pdfium.FPDFText_GetUnicode, pdfium.FPDFText_IsGenerated, pdfium.FPDFText_IsHyphen,
           pdfium.FPDFText_HasUnicodeMapError, pdfium.FPDFText_GetTextObject, pdfium.FPDFText_GetLooseCharBox,
           pdfium.FPDFText_GetCharOrigin, pdfium.FPDFText_GetMatrix, pdfium.FPDFText_GetFontSize,
           pdfium.FPDFTextObj_GetFont)
_FUNCTIONS = (ctypes.c_void_p * len(_PDFIUM))(*(ctypes.cast(function, ctypes.c_void_p).value for function in _PDFIUM))
_PLACE_FUNCTIONS = (ctypes.c_void_p * 2)(*(ctypes.cast(function, ctypes.c_void_p).value for function in
                                          (pdfium.FPDFFont_GetGlyphWidth, pdfium.FPDFText_GetCharBox)))
_unicode = lean(pdfium.FPDFText_GetUnicode, ctypes.c_uint, _ADDRESS, _INT)
_is_generated = lean(pdfium.FPDFText_IsGenerated, _INT, _ADDRESS, _INT)
_is_hyphen = lean(pdfium.FPDFText_IsHyphen, _INT, _ADDRESS, _INT)
_unicode_map_error = lean(pdfium.FPDFText_HasUnicodeMapError, _INT, _ADDRESS, _INT)
_text_object = lean(pdfium.FPDFText_GetTextObject, _ADDRESS, _ADDRESS, _INT)
_loose_box = lean(pdfium.FPDFText_GetLooseCharBox, _INT, _ADDRESS, _INT, _ADDRESS)
_origin = lean(pdfium.FPDFText_GetCharOrigin, _INT, _ADDRESS, _INT, _ADDRESS, _ADDRESS)
_matrix = lean(pdfium.FPDFText_GetMatrix, _INT, _ADDRESS, _INT, _ADDRESS)
_font_size = lean(pdfium.FPDFText_GetFontSize, ctypes.c_double, _ADDRESS, _INT)
_object_font = lean(pdfium.FPDFTextObj_GetFont, _ADDRESS, _ADDRESS)


def _read_by_ctypes(textpage: int, count: int) -> PageChars:
    """What the C loop reads, a ctypes call at a time."""
    box, origin = pdfium.FS_RECTF(), (ctypes.c_double * 2)()
    box_at, x_at, y_at = ctypes.addressof(box), ctypes.addressof(origin), ctypes.addressof(origin) + 8
    matrix = (ctypes.c_float * 6)()
    chars = PageChars([], [], [], array("f"), [], [], [], array("d"), array("Q"), array("f"))
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
    """pdfium_calls.c built (once per source: the file's name holds its digest) and loaded, or None."""
    source = SOURCE.read_bytes()
    compiler = os.environ.get("CC", "cc")
    digest = hashlib.sha256(source + " ".join((compiler, *FLAGS)).encode()).hexdigest()[:16]
    name = f"pdfium_calls-{digest}.so"
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
        library.read_chars.argtypes = (_ADDRESS, _INT, *(_ADDRESS,) * 11)
        library.read_objects.restype = _INT
        library.read_objects.argtypes = (_ADDRESS, _ADDRESS, _INT, *(_ADDRESS,) * 10)
        library.read_path.restype = _INT
        library.read_path.argtypes = (_ADDRESS, _ADDRESS, _INT, *(_ADDRESS,) * 5)
        library.runs_of_chars.restype = _INT
        library.runs_of_chars.argtypes = (_INT, *(_ADDRESS,) * 5, _INT, _ADDRESS, _ADDRESS)
        library.place_chars.restype = _INT
        library.place_chars.argtypes = (_ADDRESS, _INT, *(_ADDRESS,) * 11, ctypes.c_double, *(_ADDRESS,) * 3, _INT,
                                        _ADDRESS)
        return library
    log.warning("pdfium_calls.c is not built (%s): PDFium is asked by ctypes, slower, the same",
                "; ".join(reasons))
    return None


def _build(compiler: str, folder: Path, target: Path) -> None:
    """Compiles into a file of this process's own, then moves it in place: processes building at once each
    build their own, and a reader never loads half a file."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=folder, prefix=".pdfium_calls-", suffix=".so")
    os.close(handle)
    try:
        subprocess.run([compiler, *FLAGS, "-o", partial, str(SOURCE)], check=True, capture_output=True,
                       timeout=120)
        os.replace(partial, target)
        for stale in folder.glob("pdfium_calls-*.so"):
            if stale != target:
                stale.unlink(missing_ok=True)  # built from an older source (a process that loaded it keeps it)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


@dataclass(frozen=True)
class PageObjectList:
    """A page's objects in the content's order, a form's right after it, place by place: address, type, the
    place of the form it is in (-1: the page), whether PDFium gives its bounds, its bounds (left, bottom, right,
    top, four numbers a place), how many marks it has, its matrix (six numbers a place: `matrix`); and of a text
    object whether PDFium gives its font size, the size and its font's address."""

    objects: list[int]
    types: list[int]
    parents: list[int]
    bounded: list[int]
    bounds: list[float]
    marks: list[int]
    matrices: array
    sized: list[int]
    sizes: array
    fonts: list[int]

    def matrix(self, at: int) -> tuple[float, ...]:
        """The matrix of the object at place `at` (FPDFPageObj_GetMatrix; the identity where PDFium gives none)."""
        return tuple(self.matrices[6 * at:6 * at + 6])


def read_objects(page: int) -> PageObjectList:
    """Every object of the page at address `page`, forms' objects too, by the C loop where it is built."""
    library = _used_library()
    if library is None:
        return _objects_by_ctypes(page)
    room = 2 * _count_objects(page) + 64
    while True:
        objects, types, parents = array("Q", bytes(8 * room)), array("i", bytes(4 * room)), array("i", bytes(4 * room))
        bounded, bounds, marks = array("i", bytes(4 * room)), array("f", bytes(16 * room)), array("i", bytes(4 * room))
        matrices, sized, sizes = array("f", bytes(24 * room)), array("i", bytes(4 * room)), array("f", bytes(4 * room))
        fonts = array("Q", bytes(8 * room))
        count = library.read_objects(page, _OBJECT_FUNCTIONS, room, *(_address(buffer) for buffer in (
            objects, types, parents, bounded, bounds, marks, matrices, sized, sizes, fonts)))
        if count <= room:
            return PageObjectList(objects[:count].tolist(), types[:count].tolist(), parents[:count].tolist(),
                                  bounded[:count].tolist(), bounds[:4 * count].tolist(), marks[:count].tolist(),
                                  matrices[:6 * count], sized[:count].tolist(), sizes[:count], fonts[:count].tolist())
        room = count


@dataclass(frozen=True)
class PathSegments:
    """A path's fill mode and stroke (-1 where PDFium does not give them), and its segments: type, whether it
    closes the subpath, point."""

    fill: int
    stroke: int
    kinds: list[int]
    closes: list[int]
    xs: list[float]
    ys: list[float]


def read_path(path: int) -> PathSegments:
    """The segments of the path object at address `path`, by the C loop where it is built."""
    library = _used_library()
    if library is None:
        return _path_by_ctypes(path)
    room = 64
    while True:
        modes, kinds, closes = array("i", bytes(8)), array("i", bytes(4 * room)), array("i", bytes(4 * room))
        xs, ys = array("f", bytes(4 * room)), array("f", bytes(4 * room))
        count = library.read_path(path, _PATH_FUNCTIONS, room, *(_address(buffer) for buffer in
                                                                  (modes, kinds, closes, xs, ys)))
        if count <= room:
            return PathSegments(modes[0], modes[1], kinds[:count].tolist(), closes[:count].tolist(),
                                xs[:count].tolist(), ys[:count].tolist())
        room = count


def _used_library():
    """The C loops, unless FH_PDFIUM_CALLS=ctypes turns them off or they are not built."""
    return None if os.environ.get("FH_PDFIUM_CALLS", "").strip().lower() == "ctypes" else _library()


_OBJECT_PDFIUM = (pdfium.FPDFPage_CountObjects, pdfium.FPDFPage_GetObject, pdfium.FPDFPageObj_GetType,
                  pdfium.FPDFPageObj_GetBounds, pdfium.FPDFPageObj_CountMarks, pdfium.FPDFFormObj_CountObjects,
                  pdfium.FPDFFormObj_GetObject, pdfium.FPDFPageObj_GetMatrix, pdfium.FPDFTextObj_GetFontSize,
                  pdfium.FPDFTextObj_GetFont)
_OBJECT_FUNCTIONS = (ctypes.c_void_p * len(_OBJECT_PDFIUM))(*(ctypes.cast(function, ctypes.c_void_p).value
                                                              for function in _OBJECT_PDFIUM))
_PATH_PDFIUM = (pdfium.FPDFPath_GetDrawMode, pdfium.FPDFPath_CountSegments, pdfium.FPDFPath_GetPathSegment,
                pdfium.FPDFPathSegment_GetPoint, pdfium.FPDFPathSegment_GetType, pdfium.FPDFPathSegment_GetClose)
_PATH_FUNCTIONS = (ctypes.c_void_p * len(_PATH_PDFIUM))(*(ctypes.cast(function, ctypes.c_void_p).value
                                                          for function in _PATH_PDFIUM))
_count_objects = lean(pdfium.FPDFPage_CountObjects, _INT, _ADDRESS)
_page_object = lean(pdfium.FPDFPage_GetObject, _ADDRESS, _ADDRESS, _INT)
_count_form_objects = lean(pdfium.FPDFFormObj_CountObjects, _INT, _ADDRESS)
_form_object = lean(pdfium.FPDFFormObj_GetObject, _ADDRESS, _ADDRESS, ctypes.c_ulong)
_object_type = lean(pdfium.FPDFPageObj_GetType, _INT, _ADDRESS)
_object_bounds = lean(pdfium.FPDFPageObj_GetBounds, _INT, _ADDRESS, _ADDRESS, _ADDRESS, _ADDRESS, _ADDRESS)
_count_marks = lean(pdfium.FPDFPageObj_CountMarks, _INT, _ADDRESS)
_object_matrix = lean(pdfium.FPDFPageObj_GetMatrix, _INT, _ADDRESS, _ADDRESS)
_text_size = lean(pdfium.FPDFTextObj_GetFontSize, _INT, _ADDRESS, _ADDRESS)
_FORM, _TEXT = pdfium.FPDF_PAGEOBJ_FORM, pdfium.FPDF_PAGEOBJ_TEXT
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)  # a matrix: a, b, c, d, e, f
_draw_mode = lean(pdfium.FPDFPath_GetDrawMode, _INT, _ADDRESS, _ADDRESS, _ADDRESS)
_count_segments = lean(pdfium.FPDFPath_CountSegments, _INT, _ADDRESS)
_path_segment = lean(pdfium.FPDFPath_GetPathSegment, _ADDRESS, _ADDRESS, _INT)
_segment_point = lean(pdfium.FPDFPathSegment_GetPoint, _INT, _ADDRESS, _ADDRESS, _ADDRESS)
_segment_type = lean(pdfium.FPDFPathSegment_GetType, _INT, _ADDRESS)
_segment_closes = lean(pdfium.FPDFPathSegment_GetClose, _INT, _ADDRESS)


def _objects_by_ctypes(page: int) -> PageObjectList:
    """What the C loop reads of a page's objects, a ctypes call at a time."""
    found = PageObjectList([], [], [], [], [], [], array("f"), [], array("f"), [])
    last = (ctypes.c_float * 4)()
    last_at = [ctypes.addressof(last) + 4 * side for side in range(4)]
    matrix, size = (ctypes.c_float * 6)(), ctypes.c_float()

    def walk(obj: int | None, parent: int) -> None:
        obj = obj or 0
        here = len(found.objects)
        kind = _object_type(obj)
        found.objects.append(obj)
        found.types.append(kind)
        found.parents.append(parent)
        found.bounded.append(_object_bounds(obj, *last_at))
        found.bounds.extend(last)
        found.marks.append(_count_marks(obj))
        found.matrices.extend(matrix if _object_matrix(obj, ctypes.addressof(matrix)) else IDENTITY)
        size.value = 0.0
        found.sized.append(_text_size(obj, ctypes.addressof(size)) if kind == _TEXT else 0)
        found.sizes.append(size.value)
        found.fonts.append((_object_font(obj) or 0) if kind == _TEXT else 0)
        if kind == _FORM:
            for index in range(_count_form_objects(obj)):
                walk(_form_object(obj, index), here)

    for index in range(_count_objects(page)):
        walk(_page_object(page, index), -1)
    return found


def _path_by_ctypes(path: int) -> PathSegments:
    """What the C loop reads of a path, a ctypes call at a time."""
    modes, point = (ctypes.c_int * 2)(), (ctypes.c_float * 2)()
    point_at = (ctypes.addressof(point), ctypes.addressof(point) + 4)
    if not _draw_mode(path, ctypes.addressof(modes), ctypes.addressof(modes) + 4):
        modes[0] = modes[1] = -1
    segments = PathSegments(modes[0], modes[1], [], [], [], [])
    for index in range(_count_segments(path)):
        segment = _path_segment(path, index)
        _segment_point(segment, *point_at)
        segments.kinds.append(_segment_type(segment))
        segments.closes.append(_segment_closes(segment))
        segments.xs.append(point[0])
        segments.ys.append(point[1])
    return segments
