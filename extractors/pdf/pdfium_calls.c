/* What extractors/pdf/pdfium_geometry.py asks of PDFium a character, a page object or a path segment at a time,
 * each in one call: read_chars, read_objects, read_path.
 *
 * A ctypes call costs about half a microsecond, and a character took six: a third of the fast path's time.
 * These loops make the same calls to PDFium in C and write their answers into arrays the caller reads as
 * lists. It links to nothing: PDFium's functions come as addresses, those of the library pypdfium2 loaded, so
 * the answers are that library's. extractors/pdf/pdfium_calls.py builds it with the system's C compiler, and
 * reads the same arrays with ctypes where there is none (tests/test_pdfium_calls.py holds the two equal).
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
 * code; its flags; its text object; its loose box's left and right; its origin's x and y; its
 * matrix (a, b, c, d, e, f: FS_MATRIX); its font size; its text object's font. A box, origin or matrix PDFium
 * does not give keeps the last one given, as a reused buffer would. IsGenerated is asked only of the characters
 * PDFium makes (space, CR, LF), IsHyphen only of U+0002, a font only where the text object changes, as the
 * Python reader asks them. */
void read_chars(void *textpage, int count, void **functions, unsigned int *codes, int *flags, void **objects,
                float *lefts, float *rights, double *xs, double *ys, float *matrices, double *sizes, void **fonts)
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
        lefts[index] = box[0];  /* FS_RECTF: left, top, right, bottom */
        rights[index] = box[2];
        for (int entry = 0; entry < 6; entry++)
            matrices[6 * index + entry] = shape[entry];
        xs[index] = x;
        ys[index] = y;
    }
}

typedef int (*count_objects_f)(void *);
typedef void *(*page_object_f)(void *, int);
typedef void *(*form_object_f)(void *, unsigned long);
typedef int (*object_type_f)(void *);
typedef int (*bounds_f)(void *, float *, float *, float *, float *);
typedef int (*object_matrix_f)(void *, float *);
typedef int (*text_size_f)(void *, float *);

enum { TEXT = 1 };  /* FPDF_PAGEOBJ_TEXT */

enum { FORM = 5 };  /* FPDF_PAGEOBJ_FORM */

typedef struct {
    void **functions;
    int room, count;
    void **objects;
    int *types, *parents, *bounded, *marks, *sized;
    float *bounds, last[4], *matrices, *sizes;
    void **fonts;
} walk_t;

static void walk(walk_t *at, void *object, int parent)
{
    object_type_f object_type = (object_type_f)at->functions[2];
    bounds_f bounds = (bounds_f)at->functions[3];
    count_objects_f count_marks = (count_objects_f)at->functions[4];
    count_objects_f count_form = (count_objects_f)at->functions[5];
    form_object_f form_object = (form_object_f)at->functions[6];
    object_matrix_f object_matrix = (object_matrix_f)at->functions[7];
    text_size_f text_size = (text_size_f)at->functions[8];
    object_font_f text_font = (object_font_f)at->functions[9];
    int here = at->count++;
    int type = object_type(object);
    int done = bounds(object, &at->last[0], &at->last[1], &at->last[2], &at->last[3]);
    if (here < at->room) {
        at->objects[here] = object;
        at->types[here] = type;
        at->parents[here] = parent;
        at->bounded[here] = done;
        at->marks[here] = count_marks(object);
        for (int side = 0; side < 4; side++)
            at->bounds[4 * here + side] = at->last[side];
        float *matrix = &at->matrices[6 * here];
        if (!object_matrix(object, matrix)) {  /* the identity where PDFium gives none */
            matrix[0] = matrix[3] = 1;
            matrix[1] = matrix[2] = matrix[4] = matrix[5] = 0;
        }
        at->sized[here] = 0;
        at->sizes[here] = 0;
        at->fonts[here] = 0;
        if (type == TEXT) {
            at->sized[here] = text_size(object, &at->sizes[here]);
            at->fonts[here] = text_font(object);
        }
    }
    if (type == FORM) {
        int inside = count_form(object);
        for (int index = 0; index < inside; index++)
            walk(at, form_object(object, (unsigned long)index), here);
    }
}

/* functions: FPDFPage_CountObjects, FPDFPage_GetObject, FPDFPageObj_GetType, _GetBounds, _CountMarks,
 * FPDFFormObj_CountObjects, _GetObject, FPDFPageObj_GetMatrix, FPDFTextObj_GetFontSize, _GetFont. Every object
 * of the page in the content's order, a form's objects right after it: its address, type, the place of the form
 * it is in (-1: the page), whether PDFium gives its bounds, its bounds (left, bottom, right, top; where not
 * given, the last given, as a reused buffer would keep them), how many marks it has, its matrix (a, b, c, d, e,
 * f: the identity where not given) and, of a text object, whether PDFium gives its font size, the size and its
 * font. Writes at most `room`; returns how many there are (more than `room`: ask again with room for them). */
int read_objects(void *page, void **functions, int room, void **objects, int *types, int *parents, int *bounded,
                 float *bounds, int *marks, float *matrices, int *sized, float *sizes, void **fonts)
{
    count_objects_f count_objects = (count_objects_f)functions[0];
    page_object_f page_object = (page_object_f)functions[1];
    walk_t at = {functions, room, 0, objects, types, parents, bounded, marks, sized, bounds, {0, 0, 0, 0},
                 matrices, sizes, fonts};
    int top = count_objects(page);
    for (int index = 0; index < top; index++)
        walk(&at, page_object(page, index), -1);
    return at.count;
}

typedef int (*draw_mode_f)(void *, int *, int *);
typedef void *(*segment_f)(void *, int);
typedef int (*point_f)(void *, float *, float *);
typedef int (*segment_int_f)(void *);

/* functions: FPDFPath_GetDrawMode, _CountSegments, _GetPathSegment, FPDFPathSegment_GetPoint, _GetType,
 * _GetClose. A path's fill mode and stroke (modes[0], modes[1], -1 where PDFium does not give them), and each
 * segment's type, whether it closes, and its point (where not given, the last given). Writes at most `room`
 * segments; returns how many there are. */
int read_path(void *path, void **functions, int room, int *modes, int *kinds, int *closes, float *xs, float *ys)
{
    draw_mode_f draw_mode = (draw_mode_f)functions[0];
    count_objects_f count_segments = (count_objects_f)functions[1];
    segment_f path_segment = (segment_f)functions[2];
    point_f point = (point_f)functions[3];
    segment_int_f segment_type = (segment_int_f)functions[4];
    segment_int_f segment_closes = (segment_int_f)functions[5];
    float x = 0, y = 0;
    if (!draw_mode(path, &modes[0], &modes[1]))
        modes[0] = modes[1] = -1;
    int count = count_segments(path);
    for (int index = 0; index < count && index < room; index++) {
        void *segment = path_segment(path, index);
        point(segment, &x, &y);
        kinds[index] = segment_type(segment);
        closes[index] = segment_closes(segment);
        xs[index] = x;
        ys[index] = y;
    }
    return count;
}
