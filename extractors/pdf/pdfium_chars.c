/* Every character of a PDFium text page in one call: what extractors/pdf/pdfium_geometry.py asks of each.
 *
 * A ctypes call costs about half a microsecond, and a character took six: a third of the fast path's time.
 * This loop makes the same calls to PDFium in C and writes their answers into arrays the caller reads as
 * lists. It links to nothing: PDFium's functions come as addresses, those of the library pypdfium2 loaded, so
 * the answers are that library's. extractors/pdf/pdfium_chars.py builds it with the system's C compiler, and
 * reads the same arrays with ctypes where there is none (tests/test_pdfium_chars.py holds the two equal).
 */

typedef unsigned int (*get_unicode_f)(void *, int);
typedef int (*char_flag_f)(void *, int);
typedef void *(*text_object_f)(void *, int);
typedef int (*loose_box_f)(void *, int, float *);
typedef int (*origin_f)(void *, int, double *, double *);
typedef int (*matrix_f)(void *, int, float *);
typedef double (*font_size_f)(void *, int);
typedef void *(*object_font_f)(void *);

enum { GENERATED = 1, HYPHEN = 2, MAP_ERROR = 4 };

/* functions: FPDFText_GetUnicode, _IsGenerated, _IsHyphen, _HasUnicodeMapError, _GetTextObject,
 * _GetLooseCharBox, _GetCharOrigin, _GetMatrix, _GetFontSize, and FPDFTextObj_GetFont. For each character: its
 * code; its flags; its text object; its loose box (left, top, right, bottom: FS_RECTF); its origin (x, y); its
 * matrix (a, b, c, d, e, f: FS_MATRIX); its font size; its text object's font. A box, origin or matrix PDFium
 * does not give keeps the last one given, as a reused buffer would. IsGenerated is asked only of the characters
 * PDFium makes (space, CR, LF), IsHyphen only of U+0002, a font only where the text object changes, as the
 * Python reader asks them. */
void read_chars(void *textpage, int count, void **functions, unsigned int *codes, int *flags, void **objects,
                float *boxes, double *origins, float *matrices, double *sizes, void **fonts)
{
    get_unicode_f get_unicode = (get_unicode_f)functions[0];
    char_flag_f is_generated = (char_flag_f)functions[1];
    char_flag_f is_hyphen = (char_flag_f)functions[2];
    char_flag_f map_error = (char_flag_f)functions[3];
    text_object_f text_object = (text_object_f)functions[4];
    loose_box_f loose_box = (loose_box_f)functions[5];
    origin_f origin = (origin_f)functions[6];
    matrix_f matrix = (matrix_f)functions[7];
    font_size_f font_size = (font_size_f)functions[8];
    object_font_f object_font = (object_font_f)functions[9];
    float box[4] = {0, 0, 0, 0}, shape[6] = {0, 0, 0, 0, 0, 0};
    double x = 0, y = 0;
    void *last_object = 0, *last_font = 0;
    for (int index = 0; index < count; index++) {
        unsigned int code = get_unicode(textpage, index);
        int flag = 0;
        if ((code == 0x20 || code == 0x0D || code == 0x0A) && is_generated(textpage, index))
            flag |= GENERATED;
        if (code == 0x02 && is_hyphen(textpage, index) == 1)
            flag |= HYPHEN;
        if (map_error(textpage, index))
            flag |= MAP_ERROR;
        codes[index] = code;
        flags[index] = flag;
        void *object = text_object(textpage, index);
        objects[index] = object;
        if (object != last_object) {
            last_font = object ? object_font(object) : 0;
            last_object = object;
        }
        fonts[index] = last_font;
        loose_box(textpage, index, box);
        origin(textpage, index, &x, &y);
        matrix(textpage, index, shape);
        sizes[index] = font_size(textpage, index);
        for (int side = 0; side < 4; side++)
            boxes[4 * index + side] = box[side];
        for (int entry = 0; entry < 6; entry++)
            matrices[6 * index + entry] = shape[entry];
        origins[2 * index] = x;
        origins[2 * index + 1] = y;
    }
}
