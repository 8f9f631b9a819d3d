/* jieba's dictionary segmentation of one block (jieba.Tokenizer.get_DAG + calc) in C.
 *
 * recognizers/cn/cn_person_recognizer.py reads jieba's word boundaries; jieba finds them in pure Python. This
 * module does the same two steps on the same dictionary object (jieba.dt.FREQ, a dict of word -> count, 0 for
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
 * The caller (cn_person_recognizer._block_lengths) walks the route and handles runs of single characters with
 * jieba's HMM exactly as jieba.Tokenizer.__cut_DAG does; a test compares the two on generated text.
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

static PyMethodDef methods[] = {
    {"route", route, METH_VARARGS,
     "route(sentence, freq, logtotal) -> the ends of the words of jieba's maximum-probability route."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_segment", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__segment(void) { return PyModule_Create(&module); }
