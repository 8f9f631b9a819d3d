/* jieba's segmentation of one block in C: the dictionary route (jieba.Tokenizer.get_DAG + calc, `route`) and the
 * HMM for runs of characters the dictionary does not join (jieba.finalseg.viterbi, `hmm`).
 *
 * recognizers/cn/cn_person_recognizer.py reads jieba's word boundaries; jieba finds them in pure Python. `route`
 * does jieba's first two steps on the same dictionary object (jieba.dt.FREQ, a dict of word -> count, 0 for
 * a prefix that is not a word) and returns the same route:
 *
 *   get_DAG: for each start k, every end i such that sentence[k:i+1] is a word, scanning while the fragment is
 *            in the dictionary (as a word or a prefix); a start with no word ends at itself;
 *   calc:    from the right, route[idx] = max over those ends x of
 *            (log(FREQ.get(sentence[idx:x+1]) or 1) - logtotal + route[x+1][0], x),
 *            compared as Python compares the tuples (a tie in the score goes to the larger x).
 *
 * Every score is the same double arithmetic in the same order as Python's (log of the count as a double, then
 * the subtraction, then the addition; no multiplication, so no fused multiply-add), so the route is the same.
 * The caller (cn_person_recognizer._block_lengths) walks the route and handles runs of single characters as
 * jieba.Tokenizer.__cut_DAG does, with `hmm` in place of finalseg's Viterbi (same tables, same additions in the
 * same order, same ties); tests compare both with jieba on generated text and on tables where everything ties.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdlib.h>

/* log(count) of a truthy count of FREQ as Python computes it; *failed set (with an exception) on error. */
static double log_of_count(PyObject *count, int *failed) {
    double value = PyFloat_Check(count) ? PyFloat_AS_DOUBLE(count) : PyLong_AsDouble(count);
    if (value == -1.0 && PyErr_Occurred()) {
        *failed = 1;
        return 0.0;
    }
    return log(value);
}

/* An edge of the DAG: a word's last character, and log(FREQ.get(word) or 1), looked up once. */
typedef struct {
    Py_ssize_t end;
    double logged;
} Edge;

/* Appends an edge to the growing array `*edges` (`*used` of `*capacity` filled); 0, or -1 out of memory. */
static int push_edge(Edge **edges, Py_ssize_t *used, Py_ssize_t *capacity, Py_ssize_t end, double logged) {
    if (*used == *capacity) {
        Edge *grown = realloc(*edges, sizeof(Edge) * (size_t)(*capacity * 2));
        if (!grown) return -1;
        *edges = grown;
        *capacity *= 2;
    }
    (*edges)[*used].end = end;
    (*edges)[*used].logged = logged;
    (*used)++;
    return 0;
}

/* Appends `value` to the growing array `*items` (`*used` of `*capacity` filled); 0, or -1 out of memory. */
static int push(Py_ssize_t **items, Py_ssize_t *used, Py_ssize_t *capacity, Py_ssize_t value) {
    if (*used == *capacity) {
        Py_ssize_t *grown = realloc(*items, sizeof(Py_ssize_t) * (size_t)(*capacity * 2));
        if (!grown) return -1;
        *items = grown;
        *capacity *= 2;
    }
    (*items)[(*used)++] = value;
    return 0;
}

/* The ends of the words of jieba's route through `sentence` (freq: a dict), in `*out` (malloc'd, the
 * caller frees it; one per word, so at most the length) and their number in `*count`; 0, or -1 with an
 * exception set. */
static int route_ends(PyObject *sentence, PyObject *freq, double logtotal, Py_ssize_t **out, Py_ssize_t *count) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(sentence);
    *out = malloc(sizeof(Py_ssize_t) * (size_t)(n + 1));
    *count = 0;
    if (*out == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    if (n == 0) return 0;

    /* The DAG as one array of edges per start: offsets[k] .. offsets[k+1] in `dag`, each with the log of
     * its word's count (calc's log(FREQ.get(word) or 1), from the lookup get_DAG makes anyway). */
    Py_ssize_t capacity = n * 4 + 16, used = 0;
    Edge *dag = malloc(sizeof(Edge) * (size_t)capacity);
    Py_ssize_t *offsets = malloc(sizeof(Py_ssize_t) * (size_t)(n + 1));
    double *best_score = malloc(sizeof(double) * (size_t)(n + 1));
    Py_ssize_t *best_end = malloc(sizeof(Py_ssize_t) * (size_t)(n + 1));
    if (!dag || !offsets || !best_score || !best_end) goto nomemory;

    for (Py_ssize_t k = 0; k < n; k++) {
        offsets[k] = used;
        Py_ssize_t i = k;
        while (i < n) {
            PyObject *fragment = PyUnicode_Substring(sentence, k, i + 1);
            if (fragment == NULL) goto error;
            PyObject *count = PyDict_GetItemWithError(freq, fragment); /* borrowed */
            Py_DECREF(fragment);
            if (count == NULL) {
                if (PyErr_Occurred()) goto error;
                break;
            }
            int truth = PyObject_IsTrue(count);
            if (truth < 0) goto error;
            if (truth) {
                int failed = 0;
                double logged = log_of_count(count, &failed);
                if (failed) goto error;
                if (push_edge(&dag, &used, &capacity, i, logged) < 0) goto nomemory;
            }
            i++;
        }
        /* A start with no word ends at itself; its character's count is absent or 0: log(1). */
        if (used == offsets[k] && push_edge(&dag, &used, &capacity, k, 0.0) < 0) goto nomemory;
    }
    offsets[n] = used;

    best_score[n] = 0.0;
    best_end[n] = 0;
    for (Py_ssize_t idx = n - 1; idx >= 0; idx--) {
        int have = 0;
        double top = 0.0;
        Py_ssize_t top_end = 0;
        for (Py_ssize_t j = offsets[idx]; j < offsets[idx + 1]; j++) {
            Py_ssize_t x = dag[j].end;
            double score = dag[j].logged - logtotal;
            score = score + best_score[x + 1];
            /* Python's max over (score, x) tuples, x ascending: a later x wins a tie. */
            if (!have || score >= top) {
                top = score;
                top_end = x;
                have = 1;
            }
        }
        best_score[idx] = top;
        best_end[idx] = top_end;
    }

    for (Py_ssize_t x = 0; x < n;) {
        Py_ssize_t y = best_end[x] + 1;
        (*out)[(*count)++] = y;
        x = y;
    }
    free(dag);
    free(offsets);
    free(best_score);
    free(best_end);
    return 0;

nomemory:
    PyErr_NoMemory();
error:
    free(dag);
    free(offsets);
    free(best_score);
    free(best_end);
    free(*out);
    *out = NULL;
    return -1;
}

/* route(sentence, freq, logtotal) -> list of word ends: the words of jieba's route are sentence[0:e0],
 * sentence[e0:e1], ... */
static PyObject *route(PyObject *self, PyObject *args) {
    PyObject *sentence, *freq;
    double logtotal;
    (void)self;
    if (!PyArg_ParseTuple(args, "UO!d", &sentence, &PyDict_Type, &freq, &logtotal)) return NULL;
    Py_ssize_t *ends, count;
    if (route_ends(sentence, freq, logtotal, &ends, &count) < 0) return NULL;
    PyObject *result = PyList_New(count);
    for (Py_ssize_t i = 0; result != NULL && i < count; i++) {
        PyObject *end = PyLong_FromSsize_t(ends[i]);
        if (end == NULL) Py_CLEAR(result);
        else PyList_SET_ITEM(result, i, end);
    }
    free(ends);
    return result;
}

/* jieba's HMM for characters its dictionary does not join (jieba.finalseg.viterbi), states B M E S. */
#define MIN_FLOAT (-3.14e100)
static const char LETTERS[4] = {'B', 'M', 'E', 'S'};
/* finalseg.PrevStatus: the states each state may follow. */
static const int PREVIOUS[4][2] = {{2, 3}, {1, 0}, {0, 1}, {3, 2}};

/* table[state_letter] as a double, or `missing` when absent; -1 with an exception set on error. */
static int lookup(PyObject *table, PyObject *key, double missing, double *value) {
    PyObject *found = PyDict_Check(table) ? PyDict_GetItemWithError(table, key) : NULL;
    if (found == NULL) {
        if (PyErr_Occurred()) return -1;
        if (!PyDict_Check(table)) {
            PyErr_SetString(PyExc_TypeError, "the HMM tables must be dicts");
            return -1;
        }
        *value = missing;
        return 0;
    }
    *value = PyFloat_AsDouble(found);
    return (*value == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

/* The state of each character of `sentence` (n > 0) in `states`, as B M E S: the path of
 * jieba.finalseg.viterbi(sentence, 'BMES', start_p, trans_p, emit_p), with its ties (Python's max over
 * (probability, state) tuples: a tie goes to the later letter) and its additions in its order. 0, or -1 with
 * an exception set. */
static int hmm_states(PyObject *sentence, PyObject *start_p, PyObject *trans_p, PyObject *emit_p, char *states) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(sentence);
    PyObject *letters[4] = {NULL, NULL, NULL, NULL};
    PyObject *emissions[4];
    double start[4], trans[4][4];
    double *score = malloc(sizeof(double) * 4 * (size_t)n);
    signed char *back = malloc((size_t)(4 * n));
    int status = -1;
    if (!score || !back) {
        PyErr_NoMemory();
        goto done;
    }
    for (int y = 0; y < 4; y++) {
        letters[y] = PyUnicode_FromStringAndSize(&LETTERS[y], 1);
        if (letters[y] == NULL) goto done;
    }
    for (int y = 0; y < 4; y++) {
        if (lookup(start_p, letters[y], MIN_FLOAT, &start[y]) < 0) goto done;
        emissions[y] = PyDict_GetItemWithError(emit_p, letters[y]); /* borrowed */
        PyObject *row = PyDict_GetItemWithError(trans_p, letters[y]);
        if (emissions[y] == NULL || row == NULL) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_KeyError, "an HMM state is missing from the tables");
            goto done;
        }
        for (int to = 0; to < 4; to++)
            if (lookup(row, letters[to], MIN_FLOAT, &trans[y][to]) < 0) goto done;
    }
    for (Py_ssize_t t = 0; t < n; t++) {
        PyObject *character = PyUnicode_Substring(sentence, t, t + 1);
        if (character == NULL) goto done;
        for (int y = 0; y < 4; y++) {
            double emitted;
            if (lookup(emissions[y], character, MIN_FLOAT, &emitted) < 0) {
                Py_DECREF(character);
                goto done;
            }
            if (t == 0) {
                score[y] = start[y] + emitted;
                back[y] = -1;
                continue;
            }
            int best = PREVIOUS[y][0];
            double top = score[4 * (t - 1) + best] + trans[best][y] + emitted;
            int other = PREVIOUS[y][1];
            double candidate = score[4 * (t - 1) + other] + trans[other][y] + emitted;
            if (candidate > top || (candidate == top && LETTERS[other] > LETTERS[best])) {
                top = candidate;
                best = other;
            }
            score[4 * t + y] = top;
            back[4 * t + y] = (signed char)best;
        }
        Py_DECREF(character);
    }
    /* The last character ends a word: E or S, S on a tie. */
    int state = score[4 * (n - 1) + 3] >= score[4 * (n - 1) + 2] ? 3 : 2;
    for (Py_ssize_t t = n - 1; t >= 0; t--) {
        states[t] = LETTERS[state];
        if (t > 0) state = back[4 * t + state];
    }
    status = 0;
done:
    for (int y = 0; y < 4; y++) Py_XDECREF(letters[y]);
    free(score);
    free(back);
    return status;
}

/* hmm(sentence, start_p, trans_p, emit_p) -> the state of each character, as a str of B M E S (hmm_states). */
static PyObject *hmm(PyObject *self, PyObject *args) {
    PyObject *sentence, *start_p, *trans_p, *emit_p;
    (void)self;
    if (!PyArg_ParseTuple(args, "UO!O!O!", &sentence, &PyDict_Type, &start_p, &PyDict_Type, &trans_p,
                          &PyDict_Type, &emit_p))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(sentence);
    if (n == 0) return PyUnicode_FromString("");
    char *states = malloc((size_t)n);
    if (states == NULL) return PyErr_NoMemory();
    PyObject *result = hmm_states(sentence, start_p, trans_p, emit_p, states) < 0
                           ? NULL
                           : PyUnicode_FromStringAndSize(states, n);
    free(states);
    return result;
}

/* --- whole blocks: jieba's walk over the route, and finalseg.cut for runs the dictionary does not join --- */

typedef struct {
    PyObject *freq, *start_p, *trans_p, *emit_p, *force_split;
    Py_ssize_t *items; /* the word lengths found so far */
    Py_ssize_t used, capacity;
} Cutter;

static int emit(Cutter *cut, Py_ssize_t length) {
    if (push(&cut->items, &cut->used, &cut->capacity, length) < 0) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

/* A word: its length, or one per character when finalseg must split it (Force_Split_Words). */
static int emit_word(Cutter *cut, PyObject *text, Py_ssize_t start, Py_ssize_t end) {
    if (PySet_GET_SIZE(cut->force_split) > 0) {
        PyObject *word = PyUnicode_Substring(text, start, end);
        if (word == NULL) return -1;
        int split = PySet_Contains(cut->force_split, word);
        Py_DECREF(word);
        if (split < 0) return -1;
        if (split) {
            for (Py_ssize_t i = start; i < end; i++)
                if (emit(cut, 1) < 0) return -1;
            return 0;
        }
    }
    return emit(cut, end - start);
}

static int is_han(Py_UCS4 c) { return c >= 0x4E00 && c <= 0x9FD5; } /* finalseg.re_han */
static int is_ascii_alnum(Py_UCS4 c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Where finalseg.re_skip, r"[a-zA-Z0-9]+(?:\.\d+)?%?", matching at `at` ends (each part greedy, the rest
 * optional: the first try is the match); -1 when it does not match there. */
static Py_ssize_t skip_match(PyObject *text, Py_ssize_t at, Py_ssize_t end) {
    Py_ssize_t p = at;
    while (p < end && is_ascii_alnum(PyUnicode_READ_CHAR(text, p))) p++;
    if (p == at) return -1;
    if (p + 1 < end && PyUnicode_READ_CHAR(text, p) == '.' && Py_UNICODE_ISDECIMAL(PyUnicode_READ_CHAR(text, p + 1))) {
        p += 2;
        while (p < end && Py_UNICODE_ISDECIMAL(PyUnicode_READ_CHAR(text, p))) p++;
    }
    if (p < end && PyUnicode_READ_CHAR(text, p) == '%') p++;
    return p;
}

/* finalseg.cut's words of text[start:end] outside re_han: the nonempty pieces of re_skip.split. */
static int cut_skipped(Cutter *cut, PyObject *text, Py_ssize_t start, Py_ssize_t end) {
    Py_ssize_t gap = start;
    for (Py_ssize_t p = start; p < end;) {
        Py_ssize_t match = skip_match(text, p, end);
        if (match < 0) {
            p++;
            continue;
        }
        if (p > gap && emit(cut, p - gap) < 0) return -1;
        if (emit(cut, match - p) < 0) return -1;
        p = gap = match;
    }
    return end > gap ? emit(cut, end - gap) : 0;
}

/* finalseg.cut(text[start:end]): re_han runs through the HMM (words from B..E and S states, the rest after
 * the last word end as one word), the pieces between through re_skip. */
static int cut_unknown_run(Cutter *cut, PyObject *text, Py_ssize_t start, Py_ssize_t end) {
    for (Py_ssize_t p = start; p < end;) {
        Py_ssize_t q = p;
        int han = is_han(PyUnicode_READ_CHAR(text, p));
        while (q < end && is_han(PyUnicode_READ_CHAR(text, q)) == han) q++;
        if (!han) {
            if (cut_skipped(cut, text, p, q) < 0) return -1;
            p = q;
            continue;
        }
        PyObject *block = PyUnicode_Substring(text, p, q);
        char *states = block ? malloc((size_t)(q - p)) : NULL;
        if (block != NULL && states == NULL) PyErr_NoMemory();
        int status = states ? hmm_states(block, cut->start_p, cut->trans_p, cut->emit_p, states) : -1;
        Py_ssize_t begin = 0, following = 0, length = q - p;
        for (Py_ssize_t i = 0; status == 0 && i < length; i++) {
            if (states[i] == 'B') {
                begin = i;
            } else if (states[i] == 'E') {
                status = emit_word(cut, block, begin, i + 1);
                following = i + 1;
            } else if (states[i] == 'S') {
                status = emit_word(cut, block, i, i + 1);
                following = i + 1;
            }
        }
        if (status == 0 && following < length) status = emit_word(cut, block, following, length);
        free(states);
        Py_XDECREF(block);
        if (status < 0) return -1;
        p = q;
    }
    return 0;
}

/* jieba's __cut_DAG for a run of single-character words (its `buf`) text[start:end]. */
static int flush_run(Cutter *cut, PyObject *text, Py_ssize_t start, Py_ssize_t end) {
    Py_ssize_t length = end - start;
    if (length == 1) return emit(cut, 1);
    if (length < 1) return 0;
    PyObject *run = PyUnicode_Substring(text, start, end);
    if (run == NULL) return -1;
    PyObject *count = PyDict_GetItemWithError(cut->freq, run); /* borrowed */
    int known = count == NULL ? (PyErr_Occurred() ? -1 : 0) : PyObject_IsTrue(count);
    int status = known < 0 ? -1 : 0;
    if (known == 0) status = cut_unknown_run(cut, run, 0, length);
    for (Py_ssize_t i = 0; known > 0 && status == 0 && i < length; i++) status = emit(cut, 1);
    Py_DECREF(run);
    return status;
}

static PyObject *lengths_tuple(Cutter *cut) {
    PyObject *result = PyTuple_New(cut->used);
    for (Py_ssize_t i = 0; result != NULL && i < cut->used; i++) {
        PyObject *length = PyLong_FromSsize_t(cut->items[i]);
        if (length == NULL) Py_CLEAR(result);
        else PyTuple_SET_ITEM(result, i, length);
    }
    return result;
}

static int cutter_init(Cutter *cut) {
    cut->used = 0;
    cut->capacity = 16;
    cut->items = malloc(sizeof(Py_ssize_t) * (size_t)cut->capacity);
    if (cut->items == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

/* lengths(block, freq, logtotal, start_p, trans_p, emit_p, force_split) -> tuple of the lengths of
 * jieba.cut(block)'s words, for a block that jieba.re_han_default matches whole: the route's words, and
 * runs of single characters through flush_run, as jieba's __cut_DAG walks them. */
static PyObject *lengths(PyObject *self, PyObject *args) {
    PyObject *block;
    double logtotal;
    Cutter cut;
    (void)self;
    if (!PyArg_ParseTuple(args, "UO!dO!O!O!O!", &block, &PyDict_Type, &cut.freq, &logtotal, &PyDict_Type,
                          &cut.start_p, &PyDict_Type, &cut.trans_p, &PyDict_Type, &cut.emit_p, &PySet_Type,
                          &cut.force_split))
        return NULL;
    Py_ssize_t *ends, count;
    if (route_ends(block, cut.freq, logtotal, &ends, &count) < 0) return NULL;
    if (cutter_init(&cut) < 0) {
        free(ends);
        return NULL;
    }
    Py_ssize_t start = 0, position = 0; /* where the run of single characters starts; where the walk is */
    int status = 0;
    for (Py_ssize_t i = 0; status == 0 && i < count; i++) {
        if (ends[i] - position > 1) {
            status = flush_run(&cut, block, start, position);
            if (status == 0) status = emit(&cut, ends[i] - position);
            start = ends[i];
        }
        position = ends[i];
    }
    if (status == 0) status = flush_run(&cut, block, start, position);
    PyObject *result = status == 0 ? lengths_tuple(&cut) : NULL;
    free(ends);
    free(cut.items);
    return result;
}

/* cut_unknown(run, start_p, trans_p, emit_p, force_split) -> tuple of the lengths of
 * jieba.finalseg.cut(run)'s words. */
static PyObject *cut_unknown(PyObject *self, PyObject *args) {
    PyObject *run;
    Cutter cut;
    (void)self;
    if (!PyArg_ParseTuple(args, "UO!O!O!O!", &run, &PyDict_Type, &cut.start_p, &PyDict_Type, &cut.trans_p,
                          &PyDict_Type, &cut.emit_p, &PySet_Type, &cut.force_split))
        return NULL;
    cut.freq = NULL;
    if (cutter_init(&cut) < 0) return NULL;
    PyObject *result =
        cut_unknown_run(&cut, run, 0, PyUnicode_GET_LENGTH(run)) == 0 ? lengths_tuple(&cut) : NULL;
    free(cut.items);
    return result;
}

static PyMethodDef methods[] = {
    {"route", route, METH_VARARGS,
     "route(sentence, freq, logtotal) -> the ends of the words of jieba's maximum-probability route."},
    {"hmm", hmm, METH_VARARGS,
     "hmm(sentence, start_p, trans_p, emit_p) -> the B/M/E/S state of each character (jieba's finalseg)."},
    {"lengths", lengths, METH_VARARGS,
     "lengths(block, freq, logtotal, start_p, trans_p, emit_p, force_split) -> the word lengths of "
     "jieba.cut(block), for a block jieba.re_han_default matches whole."},
    {"cut_unknown", cut_unknown, METH_VARARGS,
     "cut_unknown(run, start_p, trans_p, emit_p, force_split) -> the word lengths of jieba.finalseg.cut(run)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_segment", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__segment(void) { return PyModule_Create(&module); }
