/* The common rows of worksheet XML in C: what pipelines/ingest/sheet_xml.py's token loop yields for them.
 *
 * `rows(text, position, shared, expected, row_counter)` reads complete rows of `text` from `position` on, as
 * long as every row has the shape spreadsheet programs write for plain data:
 *
 *   <row r="N"> or <row r="N" spans="a:b">  (or the same closed with "/>": an empty row)
 *   cells <c r="LETTERS N"> with attributes s="digits" and t="s" or t="n" only (each at most once, any order),
 *   closed with "/>" or holding only <v>…</v> with a shared-string index (t="s") or a number (t="n" or no t),
 *   </row>
 *
 * with ASCII white space between tags. It returns (rows, position, expected, row_counter): the values of the
 * rows read, exactly as SheetValues.rows yields them (empty tuples for missing rows, a row as wide as its last
 * cell), and the state after them. It stops, without consuming anything of it, at the first row that has any
 * other shape, or any other text: the caller's Python loop then reads that row, and raises NotPlain where the
 * XML is not plain. So the C path can only decline a row, never read one differently:
 *
 *   - a shared-string cell is shared[int(v)] (ASCII digits only; an index out of range is left to Python);
 *   - a number is int(v), or float(v) when v holds ".", "E" or "e" — by Python's own int and float; a number
 *     in a cell whose style is a date format (`date_styles`), text with "&" or "\r", a formula, an inline
 *     string or any other type is left to Python;
 *   - a cell's row digits must be the row number as Python writes it (str(int(N))), else Python decides.
 *
 * tests/pipelines/test_sheet_xml.py compares the two paths on generated sheets of every shape.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t length;
} Text;

static Py_UCS4 at(const Text *text, Py_ssize_t index) {
    return index < text->length ? PyUnicode_READ(text->kind, text->data, index) : 0;
}

static int is_space(Py_UCS4 c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static Py_ssize_t skip_space(const Text *text, Py_ssize_t index) {
    while (index < text->length && is_space(at(text, index))) index++;
    return index;
}

/* Whether `literal` (ASCII) is at `index`. */
static int starts(const Text *text, Py_ssize_t index, const char *literal) {
    for (Py_ssize_t k = 0; literal[k]; k++) {
        if (at(text, index + k) != (Py_UCS4)(unsigned char)literal[k]) return 0;
    }
    return 1;
}

/* The end of the run of ASCII digits at `index`. */
static Py_ssize_t digits_end(const Text *text, Py_ssize_t index) {
    while (index < text->length && at(text, index) >= '0' && at(text, index) <= '9') index++;
    return index;
}

/* The value of the ASCII digits [start, end) (at most 18 of them), or -1. */
static long long digits_value(const Text *text, Py_ssize_t start, Py_ssize_t end) {
    if (end <= start || end - start > 18) return -1;
    long long value = 0;
    for (Py_ssize_t k = start; k < end; k++) value = value * 10 + (long long)(at(text, k) - '0');
    return value;
}

typedef struct {
    long column;
    PyObject *value; /* owned */
} Cell;

typedef struct {
    Cell *cells;
    Py_ssize_t count;
    Py_ssize_t capacity;
} Cells;

static void cells_clear(Cells *cells) {
    for (Py_ssize_t k = 0; k < cells->count; k++) Py_DECREF(cells->cells[k].value);
    cells->count = 0;
}

/* Appends (column, value), taking the reference; -1 (value released) when out of memory. */
static int cells_append(Cells *cells, long column, PyObject *value) {
    if (cells->count == cells->capacity) {
        Py_ssize_t capacity = cells->capacity ? 2 * cells->capacity : 16;
        Cell *grown = PyMem_Realloc(cells->cells, (size_t)capacity * sizeof(Cell));
        if (grown == NULL) {
            Py_DECREF(value);
            PyErr_NoMemory();
            return -1;
        }
        cells->cells = grown;
        cells->capacity = capacity;
    }
    cells->cells[cells->count].column = column;
    cells->cells[cells->count].value = value;
    cells->count++;
    return 0;
}

/* sheet_xml._row_values: a tuple as wide as the last cell's column; later cells of a column win. */
static PyObject *row_tuple(const Cells *cells) {
    if (cells->count == 0) return PyTuple_New(0);
    long width = cells->cells[cells->count - 1].column;
    PyObject *row = PyTuple_New(width);
    if (row == NULL) return NULL;
    for (long k = 0; k < width; k++) {
        Py_INCREF(Py_None);
        PyTuple_SET_ITEM(row, k, Py_None);
    }
    for (Py_ssize_t k = 0; k < cells->count; k++) {
        long column = cells->cells[k].column;
        if (column < 1 || column > width) continue;
        PyObject *previous = PyTuple_GET_ITEM(row, column - 1);
        Py_INCREF(cells->cells[k].value);
        PyTuple_SET_ITEM(row, column - 1, cells->cells[k].value);
        Py_DECREF(previous);
    }
    return row;
}

enum { DECLINED = 0, READ = 1, FAILED = -1 };

/* One cell at `*index` (at "<c"): appended to `cells` and READ, or DECLINED (nothing consumed), or FAILED. */
static int read_cell(const Text *text, Py_ssize_t *index, const char *row_digits, PyObject *text_object,
                     PyObject *shared, PyObject *date_styles, Cells *cells) {
    Py_ssize_t q = *index;
    if (!starts(text, q, "<c") || !is_space(at(text, q + 2))) return DECLINED;
    q = skip_space(text, q + 2);
    if (!starts(text, q, "r=\"")) return DECLINED;
    q += 3;
    long column = 0;
    Py_ssize_t letters = 0;
    while (letters < 3 && at(text, q) >= 'A' && at(text, q) <= 'Z') {
        column = column * 26 + (long)(at(text, q) - 'A' + 1);
        q++;
        letters++;
    }
    if (letters == 0) return DECLINED;
    Py_ssize_t digits_start = q;
    q = digits_end(text, q);
    size_t row_length = strlen(row_digits);
    if ((size_t)(q - digits_start) != row_length || at(text, q) != '"') return DECLINED;
    for (size_t k = 0; k < row_length; k++) {
        if (at(text, digits_start + (Py_ssize_t)k) != (Py_UCS4)(unsigned char)row_digits[k]) return DECLINED;
    }
    q++;
    long long style = 0;
    int seen_style = 0, seen_type = 0, shared_type = 0;
    for (;;) {
        Py_ssize_t r = skip_space(text, q);
        if (r == q) break;
        q = r;
        if (starts(text, q, "s=\"") && !seen_style) {
            Py_ssize_t end = digits_end(text, q + 3);
            style = digits_value(text, q + 3, end);
            if (style < 0 || at(text, end) != '"') return DECLINED;
            seen_style = 1;
            q = end + 1;
        } else if (starts(text, q, "t=\"s\"") && !seen_type) {
            seen_type = shared_type = 1;
            q += 5;
        } else if (starts(text, q, "t=\"n\"") && !seen_type) {
            seen_type = 1;
            q += 5;
        } else if (at(text, q) == '/' || at(text, q) == '>') {
            break;
        } else {
            return DECLINED;
        }
    }
    Py_ssize_t value_start = -1, value_end = -1;
    if (starts(text, q, "/>")) {
        q += 2;
    } else if (at(text, q) == '>') {
        q++;
        if (starts(text, q, "<v>")) {
            value_start = q + 3;
            value_end = value_start;
            while (value_end < text->length && at(text, value_end) != '<') value_end++;
            if (!starts(text, value_end, "</v>")) return DECLINED;
            q = value_end + 4;
        }
        if (!starts(text, q, "</c>")) return DECLINED;
        q += 4;
    } else {
        return DECLINED;
    }
    PyObject *value;
    if (value_start < 0 || value_end == value_start) {
        value = Py_None; /* no value: None whatever the type */
        Py_INCREF(value);
    } else if (shared_type) {
        long long position = digits_value(text, value_start, value_end);
        if (position < 0 || digits_end(text, value_start) != value_end || position >= PyList_GET_SIZE(shared)) {
            return DECLINED;
        }
        value = PyList_GET_ITEM(shared, (Py_ssize_t)position);
        Py_INCREF(value);
    } else {
        int floating = 0;
        for (Py_ssize_t k = value_start; k < value_end; k++) {
            Py_UCS4 c = at(text, k);
            if (c == '&' || c == '\r') return DECLINED;
            if (c == '.' || c == 'E' || c == 'e') floating = 1;
        }
        PyObject *key = PyLong_FromLongLong(style);
        if (key == NULL) return FAILED;
        int dated = PySet_Contains(date_styles, key);
        Py_DECREF(key);
        if (dated < 0) return FAILED;
        if (dated) return DECLINED;
        PyObject *raw = PyUnicode_Substring(text_object, value_start, value_end);
        if (raw == NULL) return FAILED;
        value = floating ? PyFloat_FromString(raw) : PyLong_FromUnicodeObject(raw, 10);
        Py_DECREF(raw);
        if (value == NULL) {
            if (!PyErr_ExceptionMatches(PyExc_ValueError)) return FAILED;
            PyErr_Clear(); /* Python raises it, with its own message */
            return DECLINED;
        }
    }
    if (cells_append(cells, column, value) < 0) return FAILED;
    *index = q;
    return READ;
}

static int is_name_start(Py_UCS4 c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }

static int is_name_char(Py_UCS4 c) { return is_name_start(c) || (c >= '0' && c <= '9') || c == '.' || c == '-'; }

/* A row's attributes from `*index` (just after "<row") up to "/>" or ">" (not consumed), as sheet_xml's
 * _PLAIN_ROW or _attributes read them, in ASCII: the value of the last r= in *r_start and *r_end (-1 when there is
 * none). 0 when they are of another form (names outside ASCII, entities, "<" or ">" in a value …). */
static int read_row_attributes(const Text *text, Py_ssize_t *index, Py_ssize_t *r_start, Py_ssize_t *r_end) {
    Py_ssize_t q = *index;
    *r_start = *r_end = -1;
    for (;;) {
        Py_ssize_t name = skip_space(text, q);
        if (starts(text, name, "/>") || at(text, name) == '>') {
            *index = name;
            return 1;
        }
        if (name == q || !is_name_start(at(text, name))) return 0;
        Py_ssize_t end = name + 1;
        while (is_name_char(at(text, end))) end++;
        if (at(text, end) == ':') {
            end++;
            if (!is_name_char(at(text, end))) return 0;
            while (is_name_char(at(text, end))) end++;
        }
        Py_ssize_t equals = skip_space(text, end);
        if (at(text, equals) != '=') return 0;
        Py_ssize_t quote = skip_space(text, equals + 1);
        Py_UCS4 mark = at(text, quote);
        if (mark != '"' && mark != '\'') return 0;
        Py_ssize_t value = quote + 1, close = value;
        while (close < text->length && at(text, close) != mark) {
            Py_UCS4 c = at(text, close);
            if (c == '<' || c == '>' || c == '&') return 0;
            close++;
        }
        if (close >= text->length) return 0;
        if (end == name + 1 && at(text, name) == 'r') {
            *r_start = value;
            *r_end = close;
        }
        q = close + 1;
    }
}

/* One row at `*index` (at "<row"), its values appended to `out` (after the empty rows before it): READ,
 * DECLINED (nothing consumed) or FAILED. */
static int read_row(const Text *text, Py_ssize_t *index, PyObject *text_object, PyObject *shared,
                    PyObject *date_styles, long long *expected, long long *row_counter, Cells *cells,
                    PyObject *out) {
    Py_ssize_t q = *index, r_start, r_end;
    if (!starts(text, q, "<row")) return DECLINED;
    q += 4;
    if (!(starts(text, q, "/>") || at(text, q) == '>' || is_space(at(text, q)))) return DECLINED;
    if (!read_row_attributes(text, &q, &r_start, &r_end)) return DECLINED;
    long long number = *row_counter + 1; /* a row without a number follows the one before it */
    if (r_start >= 0) {
        if (r_end - r_start > 9 || digits_end(text, r_start) != r_end) return DECLINED;
        number = digits_value(text, r_start, r_end);
        if (number < 0) return DECLINED;
    }
    int closed = 0;
    if (starts(text, q, "/>")) {
        closed = 1;
        q += 2;
    } else if (at(text, q) == '>') {
        q++;
    } else {
        return DECLINED;
    }
    char row_digits[24];
    snprintf(row_digits, sizeof row_digits, "%lld", number);
    cells_clear(cells);
    if (!closed) {
        for (;;) {
            q = skip_space(text, q);
            if (starts(text, q, "</row>")) {
                q += 6;
                break;
            }
            int status = read_cell(text, &q, row_digits, text_object, shared, date_styles, cells);
            if (status != READ) {
                cells_clear(cells);
                return status;
            }
        }
    }
    *row_counter = number;
    while (*expected < number) {
        (*expected)++;
        PyObject *empty = PyTuple_New(0);
        if (empty == NULL || PyList_Append(out, empty) < 0) {
            Py_XDECREF(empty);
            cells_clear(cells);
            return FAILED;
        }
        Py_DECREF(empty);
    }
    if (*expected <= number) {
        (*expected)++;
        PyObject *row = row_tuple(cells);
        if (row == NULL || PyList_Append(out, row) < 0) {
            Py_XDECREF(row);
            cells_clear(cells);
            return FAILED;
        }
        Py_DECREF(row);
    }
    cells_clear(cells);
    *index = q;
    return READ;
}

static PyObject *rows(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *text_object, *shared, *date_styles;
    Py_ssize_t position;
    long long expected, row_counter;
    if (!PyArg_ParseTuple(args, "UnO!O!LL", &text_object, &position, &PyList_Type, &shared, &PySet_Type,
                          &date_styles, &expected, &row_counter)) {
        return NULL;
    }
    Text text = {PyUnicode_KIND(text_object), PyUnicode_DATA(text_object), PyUnicode_GET_LENGTH(text_object)};
    PyObject *out = PyList_New(0);
    if (out == NULL) return NULL;
    Cells cells = {NULL, 0, 0};
    Py_ssize_t q = position < 0 ? 0 : position;
    for (;;) {
        Py_ssize_t start = skip_space(&text, q);
        if (start >= text.length) {
            q = start;
            break;
        }
        Py_ssize_t after = start;
        int status = read_row(&text, &after, text_object, shared, date_styles, &expected, &row_counter, &cells,
                              out);
        if (status == FAILED) {
            PyMem_Free(cells.cells);
            Py_DECREF(out);
            return NULL;
        }
        if (status == DECLINED) {
            q = start;
            break;
        }
        q = after;
    }
    PyMem_Free(cells.cells);
    return Py_BuildValue("(NnLL)", out, q, expected, row_counter);
}

static PyMethodDef methods[] = {
    {"rows", rows, METH_VARARGS,
     "rows(text, position, shared, date_styles, expected, row_counter) -> (rows, position, expected, "
     "row_counter): the plain rows of worksheet XML from position on, as sheet_xml.SheetValues.rows yields "
     "them."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_sheet_rows", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__sheet_rows(void) { return PyModule_Create(&module); }
