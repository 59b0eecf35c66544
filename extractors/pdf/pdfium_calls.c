/* What extractors/pdf/pdfium_geometry.py asks of PDFium a character, a page object or a path segment at a time,
 * each in one call: read_chars, read_objects, read_path; and the box of each character of the common case, which
 * its Python reader would place the same (runs_of_chars, place_chars).
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

/* The runs of a text page's characters: each printed character (not one PDFium made, and of a text object) is of
 * the run of its font, matrix (a, b, c, d) and font size, as extractors/pdf/pdfium_geometry.py tells runs apart
 * (_Fonts.run). Writes each character's run (-1 for none) and, of each run, its first character (at most `room`
 * runs); returns how many runs there are (more than `room`: ask again with room for them). */
int runs_of_chars(int count, const int *flags, void *const *objects, void *const *fonts, const float *matrices,
                  const double *sizes, int room, int *run_of, int *firsts)
{
    int runs = 0, last = -1;
    for (int index = 0; index < count; index++) {
        run_of[index] = -1;
        if ((flags[index] & GENERATED) || !objects[index])
            continue;
        const float *shape = &matrices[6 * index];
        int found = -1;
        for (int probe = -1; probe < (runs < room ? runs : room); probe++) {
            int run = probe < 0 ? last : probe;  /* the last character's run first: most characters are of it */
            if (run < 0)
                continue;
            int first = firsts[run];
            const float *other = &matrices[6 * first];
            if (fonts[first] == fonts[index] && sizes[first] == sizes[index] && other[0] == shape[0]
                && other[1] == shape[1] && other[2] == shape[2] && other[3] == shape[3]) {
                found = run;
                break;
            }
        }
        if (found < 0) {
            found = runs++;
            if (found < room)
                firsts[found] = index;
            else
                found = -1;  /* no room: the caller asks again */
        }
        run_of[index] = found;
        if (found >= 0)
            last = found;
    }
    return runs;
}

typedef int (*glyph_width_f)(void *, unsigned int, float, float *);
typedef int (*char_box_f)(void *, int, double *, double *, double *, double *);

static double magnitude(double value) { return value < 0 ? -value : value; }

/* functions: FPDFFont_GetGlyphWidth, FPDFText_GetCharBox. pdfminer's box of each character that the Python
 * reader (extractors/pdf/pdfium_geometry.py, _read_chars) would place as its common case, placed here: a printed
 * character (no flag, U+0020 to U+D7FF) of an upright, unturned run (`plain`), not a ligature's further character
 * (at the last character's origin, of the same text object): from the origin across the advance (the font's width
 * of the code at the run's font size, scaled by a), from the descent (lift) up the run's size; where the loose
 * box's right and that advance's end disagree, the advance ends as _advance_end says. Every other character is
 * left to the Python reader, and so is every character after a space PDFium made that the reader places
 * (_erased_space), until one is placed again. Runs: a, lift, size and font size (four numbers a run), whether
 * plain, font. Writes each placed character's x1, top and bottom, and the stretches of placed characters of one
 * text object (start, end and how many spaces: three numbers a stretch, at most `room` stretches); returns how
 * many stretches there are (more than `room`: ask again with room for them). */
int place_chars(void *textpage, int count, void **functions, const unsigned int *codes, const int *flags,
                void *const *objects, const float *rights, const double *xs, const double *ys, const int *run_of,
                const double *runs, const int *plain, void *const *fonts, double height, double *x1s, double *tops,
                double *bottoms, int room, int *stretches)
{
    glyph_width_f glyph_width = (glyph_width_f)functions[0];
    char_box_f char_box = (char_box_f)functions[1];
    int found = 0, open = -1, spaces = 0;  /* the stretch being written: its start (or -1) and its spaces */
    /* The last character the reader places or joins to a ligature: whether it is known here, its text object,
     * and whether it is of a plain run, where it stands (x0, top). */
    int known = 1, last_plain = 0;
    void *last_object = 0;
    double last_x0 = 0, last_top = 0;
    for (int index = 0; index < count; index++) {
        int placed = 0;
        unsigned int code = codes[index];
        if (flags[index] & GENERATED) {
            if (code == 0x20 && index + 1 < count && objects[index]
                && (xs[index + 1] != xs[index] || ys[index + 1] != ys[index]))
                known = 0;  /* a space made where one was printed: the reader places it */
        } else {
            int run = run_of[index];
            int same = objects[index] == last_object;
            double x0 = xs[index], top = 0, bottom = 0;
            int boxed = run >= 0 && plain[run];
            if (boxed) {
                const double *shape = &runs[4 * run];
                bottom = height - (ys[index] + shape[1]);
                top = bottom - shape[2];
                float width = 0;
                if (known && !flags[index] && code >= 0x20 && code < 0xD800 && fonts[run]
                    && !(same && last_plain && x0 == last_x0 && top == last_top)
                    && glyph_width(fonts[run], code, (float)shape[3], &width)) {
                    double right = x0 + shape[0] * (double)width;
                    double loose = (double)rights[index];
                    placed = 1;
                    if (magnitude(loose - right) > 0.01) {
                        double left, ink_right, ink_bottom, ink_top;
                        if (!char_box(textpage, index, &left, &ink_right, &ink_bottom, &ink_top))
                            placed = 0;
                        else if (loose > ink_right + 0.01)
                            right = loose;
                        else if (right > loose + 0.01)
                            placed = 0;  /* the reader refuses the page */
                    }
                    x1s[index] = right;
                }
            }
            known = 1;
            last_object = objects[index];
            last_plain = boxed;
            last_x0 = x0;
            last_top = top;
            if (placed) {
                tops[index] = top;
                bottoms[index] = bottom;
            }
        }
        if (open >= 0 && (!placed || objects[index] != objects[open])) {
            if (found < room) {
                stretches[3 * found] = open;
                stretches[3 * found + 1] = index;
                stretches[3 * found + 2] = spaces;
            }
            found++;
            open = -1;
        }
        if (placed && open < 0) {
            open = index;
            spaces = 0;
        }
        if (placed && code == 0x20)
            spaces++;
    }
    if (open >= 0) {
        if (found < room) {
            stretches[3 * found] = open;
            stretches[3 * found + 1] = count;
            stretches[3 * found + 2] = spaces;
        }
        found++;
    }
    return found;
}
