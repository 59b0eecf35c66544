"""A page's font dictionaries as pdfminer reads them: what the fast path (`extractors.pdf.pdfium_geometry`) needs
of a font that PDFium's API does not give, to read its characters as pdfplumber does.

PDFium names a font by its BaseFont (without a subset's tag, at times) and takes its descent from the glyphs
where the FontDescriptor gives none; pdfminer names it by the descriptor's FontName and takes a missing
descent for 0. Which dictionary a PDFium font is PDFium does not say; it is found by its name
(`PageFonts.matching`), and where the dictionaries of that name disagree, nothing is taken from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from io import BytesIO

from pdfminer.cmapdb import CMapParser, FileUnicodeMap
from pdfminer.fontmetrics import FONT_METRICS
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import PSLiteral

# A simple font's characters are its encoding's where the encoding is one of these, or one of their glyph
# names: pdfminer and PDFium read them alike. Without a ToUnicode map, any other font's characters are each
# library's guess (a symbolic font's built-in encoding, a CID font's glyphs, a Type3 font's names).
STANDARD_ENCODINGS = frozenset({"WinAnsiEncoding", "MacRomanEncoding", "StandardEncoding", "PDFDocEncoding"})
SYMBOLIC = 4  # the FontDescriptor's flag
SOFT_HYPHEN = 0xAD  # the code of the soft hyphen in WinAnsiEncoding and PDFDocEncoding
SOFT_HYPHEN_ENCODINGS = frozenset({"WinAnsiEncoding", "PDFDocEncoding"})


def _name(value) -> str:
    value = resolve1(value)
    if isinstance(value, PSLiteral):
        value = value.name
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


@dataclass(frozen=True)
class FontDictionary:
    """One font dictionary of a page, as pdfminer reads it."""

    name: str  # pdfminer's name of it (its descriptor's FontName, else its BaseFont): pdfplumber's "fontname"
    base: str  # its BaseFont
    descent: float | None  # pdfminer's descent, in thousandths of the font size (None: a Type3 font's)
    guessed: bool  # its characters are each library's guess (no ToUnicode map, no standard encoding)
    spec: dict  # the dictionary itself (pdfminer's objects)

    def may_be(self, pdfium_name: str) -> bool:
        """Whether PDFium's name of a font may name this dictionary: its BaseFont or FontName, with or without
        the subset's tag ("AAAAAB+Helvetica" is "Helvetica" to PDFium where it uses its own Helvetica)."""
        return any(name == pdfium_name or name.endswith("+" + pdfium_name) for name in (self.base, self.name))

    def soft_hyphen_codes(self) -> set[bytes] | None:
        """The codes (as printed: one byte, or two of a composite font with Identity-H) the font prints a soft
        hyphen (U+00AD) by: where its ToUnicode map gives one, else where its encoding puts one at a code it has
        a width for. None where such a code is not known as bytes (a composite font of another CMap, or a map
        that cannot be read). PDFium reads a soft hyphen as a hyphen; pdfminer reads WinAnsi's 0xAD as a space
        (its table names the code "space") and keeps a U+00AD a ToUnicode map gives."""
        spec = self.spec
        composite = _name(spec.get("Subtype")) == "Type0"
        to_unicode = resolve1(spec.get("ToUnicode"))
        if isinstance(to_unicode, PDFStream):
            try:
                data = to_unicode.get_data()
                if b"00AD" not in data.upper():
                    return set()
                cmap = FileUnicodeMap()
                CMapParser(cmap, BytesIO(data)).run()
            except (TimeoutError, MemoryError):
                raise  # the page's budget (the reader's page guard), not a map's fault
            except Exception:  # noqa: BLE001 - a map pdfminer cannot read: which codes, unknown
                return None
            codes = {code for code, text in cmap.cid2unichr.items() if "\xad" in text}
            if not composite:
                return {bytes([code]) for code in codes if 0 <= code <= 0xFF}
            if _name(spec.get("Encoding")) not in ("Identity-H", "Identity-V"):
                return None if codes else set()
            return {code.to_bytes(2, "big") for code in codes if 0 <= code <= 0xFFFF}
        if composite:
            return set()  # (without a map, its characters are guessed and the page is refused anyway)
        encoding = resolve1(spec.get("Encoding"))
        base = _name(resolve1(encoding.get("BaseEncoding"))) if isinstance(encoding, dict) else _name(encoding)
        codes = {SOFT_HYPHEN} if base in SOFT_HYPHEN_ENCODINGS else set()
        differences = resolve1(encoding.get("Differences")) if isinstance(encoding, dict) else None
        code = None
        for item in differences if isinstance(differences, list) else ():
            item = resolve1(item)
            if isinstance(item, int):
                code = item
                continue
            if code is None:
                continue
            if _name(item) == "softhyphen":
                codes.add(code)
            else:
                codes.discard(code)
            code += 1
        return {bytes([code]) for code in codes if self._has_width(code)}

    def _has_width(self, code: int) -> bool:
        """Whether the font prints something at `code`: its /Widths give it a width, or it has no /Widths (a
        standard font, whose own metrics give every code of its encoding one)."""
        first, widths = resolve1(self.spec.get("FirstChar")), resolve1(self.spec.get("Widths"))
        if not isinstance(widths, list):
            return True
        if not isinstance(first, int) or not 0 <= code - first < len(widths):
            return False
        width = resolve1(widths[code - first])
        return isinstance(width, int | float) and width > 0


@dataclass(frozen=True)
class PageFonts:
    """The font dictionaries of a page's resources and of its forms', and the content streams that print with
    them (the page's and its forms')."""

    dictionaries: tuple[FontDictionary, ...]
    contents: tuple[PDFStream, ...] = ()
    _printed: dict[bytes, bool] = field(default_factory=dict, compare=False)

    def may_print(self, code: bytes) -> bool:
        """Whether a character code (its bytes) may be printed on the page: it is in a content stream, as
        itself, in octal escapes or in a hexadecimal string (or a stream cannot be read). A page without
        content streams given may print anything."""
        if code not in self._printed:
            self._printed[code] = not self.contents or any(_may_print(stream, code) for stream in self.contents)
        return self._printed[code]

    def guessed(self) -> list[str]:
        """The BaseFonts of the fonts whose characters are guessed."""
        return [font.base for font in self.dictionaries if font.guessed]

    def matching(self, pdfium_name: str) -> list[FontDictionary]:
        """The dictionaries PDFium's name of a font may name."""
        return [font for font in self.dictionaries if font.may_be(pdfium_name)]


_HEX_STRING = re.compile(rb"<([0-9A-Fa-f\s]+)>")


def page_fonts(resources, contents=()) -> PageFonts:
    """The font dictionaries of a page's resources (pdfminer's objects), its forms' too, each once, and its
    content streams (pdfminer's `PDFPage.contents`) with its forms'."""
    found: dict[int, FontDictionary] = {}
    streams = [stream for stream in (resolve1(c) for c in contents or ()) if isinstance(stream, PDFStream)]
    _collect(resources, found, set(), streams)
    return PageFonts(tuple(found.values()), tuple(streams))


def _may_print(stream: PDFStream, code: bytes) -> bool:
    try:
        data = stream.get_data()
    except (TimeoutError, MemoryError):
        raise  # the page's budget (the reader's page guard), not a stream's fault
    except Exception:  # noqa: BLE001 - a stream pdfminer cannot decode: what it prints is unknown
        return True
    if code in data or b"".join(b"\\%o" % byte for byte in code) in data:
        return True
    wanted, step = code.hex().upper().encode(), 2 * len(code)
    for found in _HEX_STRING.finditer(data):
        digits = bytes(found.group(1).translate(None, b" \t\r\n\f")).upper()
        if any(digits[at:at + step] == wanted for at in range(0, len(digits), step)):
            return True
    return False


def _collect(resources, found: dict[int, FontDictionary], seen_forms: set[int], streams: list[PDFStream]) -> None:
    resources = resolve1(resources)
    if not isinstance(resources, dict):
        return
    fonts = resolve1(resources.get("Font"))
    for spec in (resolve1(font) for font in (fonts.values() if isinstance(fonts, dict) else ())):
        if isinstance(spec, dict) and id(spec) not in found:
            found[id(spec)] = _dictionary(spec)
    forms = resolve1(resources.get("XObject"))
    for form in (resolve1(x) for x in (forms.values() if isinstance(forms, dict) else ())):
        if isinstance(form, PDFStream) and _name(form.attrs.get("Subtype")) == "Form" and id(form) not in seen_forms:
            seen_forms.add(id(form))
            streams.append(form)
            _collect(form.attrs.get("Resources"), found, seen_forms, streams)


def _dictionary(spec: dict) -> FontDictionary:
    """One dictionary read as pdfminer's PDFResourceManager reads it: a composite font by its descendant, a
    simple font of one of the standard names by pdfminer's own metrics of it (whatever its descriptor says),
    a font without a descriptor as "unknown" with no descent. A Type3 font's descent comes from its glyph
    space, and is left to PDFium."""
    subtype = _name(spec.get("Subtype"))
    base = _name(spec.get("BaseFont"))
    font = spec
    if subtype == "Type0":
        descendants = resolve1(spec.get("DescendantFonts"))
        first = resolve1(descendants[0]) if isinstance(descendants, list) and descendants else None
        font = first if isinstance(first, dict) else {}
    if subtype not in ("Type0", "Type3", "CIDFontType0", "CIDFontType2") and base in FONT_METRICS:
        descriptor = FONT_METRICS[base][0]
    else:
        descriptor = resolve1(font.get("FontDescriptor"))
        descriptor = descriptor if isinstance(descriptor, dict) else {}
    name = _name(descriptor["FontName"]) if "FontName" in descriptor else "unknown"
    value = resolve1(descriptor.get("Descent", 0))
    descent = None if subtype == "Type3" or not isinstance(value, int | float) else -abs(float(value))
    return FontDictionary(name, base, descent, _guessed(spec, subtype, resolve1(spec.get("FontDescriptor"))), spec)


def _guessed(spec: dict, subtype: str, descriptor) -> bool:
    """A font without a ToUnicode map whose characters are guessed: a composite or Type3 font, no or another
    encoding than a standard one, a symbolic font. A ToUnicode that is a name and no CMap ("Identity-H") is none:
    pdfminer reads the codes as Unicode, PDFium maps them to nothing."""
    if isinstance(resolve1(spec.get("ToUnicode")), PDFStream):
        return False
    encoding = resolve1(spec.get("Encoding"))
    flags = resolve1(descriptor.get("Flags")) if isinstance(descriptor, dict) and subtype != "Type0" else 0
    return (subtype in ("Type0", "Type3") or encoding is None
            or isinstance(encoding, dict) and "Differences" in encoding
            or not isinstance(encoding, dict) and _name(encoding) not in STANDARD_ENCODINGS
            or isinstance(flags, int) and bool(flags & SYMBOLIC))
