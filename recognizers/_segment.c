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

/* log(FREQ.get(word) or 1) as Python computes it; -1 with an exception set on error (a log is never
 * returned through that path: the status goes in *failed). */
static double log_count(PyObject *freq, PyObject *word, int *failed) {
    PyObject *count = PyDict_GetItemWithError(freq, word); /* borrowed */
    if (count == NULL) {
        if (PyErr_Occurred()) *failed = 1;
        return 0.0; /* log(1) */
    }
    int truth = PyObject_IsTrue(count);
    if (truth < 0) {
        *failed = 1;
        return 0.0;
    }
    if (!truth) return 0.0;
    double value = PyFloat_Check(count) ? PyFloat_AS_DOUBLE(count) : PyLong_AsDouble(count);
    if (value == -1.0 && PyErr_Occurred()) {
        *failed = 1;
        return 0.0;
    }
    return log(value);
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

/* route(sentence, freq, logtotal) -> list of word ends: the words of jieba's route are sentence[0:e0],
 * sentence[e0:e1], ... */
static PyObject *route(PyObject *self, PyObject *args) {
    PyObject *sentence, *freq;
    double logtotal;
    (void)self;
    if (!PyArg_ParseTuple(args, "UO!d", &sentence, &PyDict_Type, &freq, &logtotal)) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(sentence);
    PyObject *ends = PyList_New(0);
    if (ends == NULL || n == 0) return ends;

    /* The DAG as one array of ends per start: offsets[k] .. offsets[k+1] in `dag`. */
    Py_ssize_t capacity = n * 4 + 16, used = 0;
    Py_ssize_t *dag = malloc(sizeof(Py_ssize_t) * (size_t)capacity);
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
            if (truth && push(&dag, &used, &capacity, i) < 0) goto nomemory;
            i++;
        }
        if (used == offsets[k] && push(&dag, &used, &capacity, k) < 0) goto nomemory;
    }
    offsets[n] = used;

    best_score[n] = 0.0;
    best_end[n] = 0;
    for (Py_ssize_t idx = n - 1; idx >= 0; idx--) {
        int have = 0;
        double top = 0.0;
        Py_ssize_t top_end = 0;
        for (Py_ssize_t j = offsets[idx]; j < offsets[idx + 1]; j++) {
            Py_ssize_t x = dag[j];
            PyObject *word = PyUnicode_Substring(sentence, idx, x + 1);
            if (word == NULL) goto error;
            int failed = 0;
            double logged = log_count(freq, word, &failed);
            Py_DECREF(word);
            if (failed) goto error;
            double score = logged - logtotal;
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
        PyObject *end = PyLong_FromSsize_t(y);
        if (end == NULL || PyList_Append(ends, end) < 0) {
            Py_XDECREF(end);
            goto error;
        }
        Py_DECREF(end);
        x = y;
    }
    free(dag);
    free(offsets);
    free(best_score);
    free(best_end);
    return ends;

nomemory:
    PyErr_NoMemory();
error:
    free(dag);
    free(offsets);
    free(best_score);
    free(best_end);
    Py_DECREF(ends);
    return NULL;
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

/* hmm(sentence, start_p, trans_p, emit_p) -> the state of each character, as a str of B M E S: the path of
 * jieba.finalseg.viterbi(sentence, 'BMES', start_p, trans_p, emit_p), with its ties (Python's max over
 * (probability, state) tuples: a tie goes to the later letter) and its additions in its order. */
static PyObject *hmm(PyObject *self, PyObject *args) {
    PyObject *sentence, *start_p, *trans_p, *emit_p;
    (void)self;
    if (!PyArg_ParseTuple(args, "UO!O!O!", &sentence, &PyDict_Type, &start_p, &PyDict_Type, &trans_p,
                          &PyDict_Type, &emit_p))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(sentence);
    if (n == 0) return PyUnicode_FromString("");
    PyObject *letters[4] = {NULL, NULL, NULL, NULL};
    PyObject *emissions[4];
    double start[4], trans[4][4];
    double *score = malloc(sizeof(double) * 4 * (size_t)n);
    signed char *back = malloc((size_t)(4 * n));
    char *states = malloc((size_t)n + 1);
    PyObject *result = NULL;
    if (!score || !back || !states) {
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
    result = PyUnicode_FromStringAndSize(states, n);
done:
    for (int y = 0; y < 4; y++) Py_XDECREF(letters[y]);
    free(score);
    free(back);
    free(states);
    return result;
}

static PyMethodDef methods[] = {
    {"route", route, METH_VARARGS,
     "route(sentence, freq, logtotal) -> the ends of the words of jieba's maximum-probability route."},
    {"hmm", hmm, METH_VARARGS,
     "hmm(sentence, start_p, trans_p, emit_p) -> the B/M/E/S state of each character (jieba's finalseg)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_segment", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__segment(void) { return PyModule_Create(&module); }
