/* PERSON's rule candidates in C, for the fast path: CnPersonRecognizer.find_candidates less its
 * transliterated names, line for line.
 *
 * recognizers/cn/cn_person_recognizer.py is the definition, and the Presidio path runs it. The fast path
 * (recognizers/fast_path.py, through CnPersonRecognizer.analyze_fast) asks this module instead: for every
 * position whose character may start a name, `_score_at` for a compound and then a single surname, then
 * `_familiar_form`, with the same cues, lexicons, order and arithmetic. Transliterated names (one regex scan
 * per text) stay in Python.
 *
 * Nothing is written twice that can be passed: `configure` takes the recognizer's tables (surnames, given-name
 * tiers, jieba's dictionary and tags, place names, form keys, stop words), its word lists and character sets,
 * and the compiled RESUME_AFTER pattern, from Python. What is written here is the logic and the scores, and
 * two small patterns by hand (DATE_BEFORE: a digit, a date mark, the end of the head or a newline before it;
 * ESTATE_AHEAD: 1-4 CJK characters, then a Latin letter and the wing, or digits and a building word), whose
 * structure the tests hold to the regexes. Scores are the same double additions in the same order (there is
 * no multiplication, so no fused multiply-add), and explanations are formatted by Python's own float
 * formatter, so a candidate is the same tuple as Python's. tests/recognizers/test_person_native.py compares
 * both on generated texts and, when present, on every corpus file.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define CODE_POINTS 0x110000

typedef struct {
    Py_UCS4 *chars;
    Py_ssize_t len;
} Word;

typedef struct {
    Word *words;
    Py_ssize_t count;
} WordList;

typedef struct {
    uint8_t *bits;
} CharSet;

/* The text being read: its characters through PyUnicode_READ, no copy. */
typedef struct {
    PyObject *obj;
    int kind;
    const void *data;
    Py_ssize_t n;
    const uint8_t *starts; /* jieba's word starts and ends, one flag per offset 0..n */
    const uint8_t *ends;
} Text;

static struct {
    int ready;
    PyObject *surnames, *places, *synonyms, *freq, *tags, *stopwords, *ambiguous, *blocked_next, *resume_after;
    WordList honorifics, address_after_name, familiar_before, familiar_role_before, familiar_after,
        context_before, titles_before, context_after, not_person_after, estate_buildings;
    CharSet candidate_start, punctuation, title_endings, compound_name_end, place_name_end, not_person_before,
        serve_before, cue_separators, familiar_marks, reduplication, date_marks, resume_separators, tier_a,
        tier_b, tier_any;
    Py_UCS4 serve_surname, estate_wing;
    double rare_percent, familiar_percent;
    long familiar_word_freq, common_word_freq;
} R;

#define AT(t, i) PyUnicode_READ((t)->kind, (t)->data, (i))
#define HAS(set, c) ((set).bits[(c) >> 3] & (1u << ((c)&7)))

static int is_cjk(Py_UCS4 c) { return c >= 0x4e00 && c <= 0x9fff; }
static int is_ascii_letter(Py_UCS4 c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

/* --- configuration ---------------------------------------------------------------------------------------- */

static int load_chars(PyObject *text, CharSet *out) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "a character set must be a str");
        return -1;
    }
    PyMem_Free(out->bits);
    out->bits = PyMem_Calloc(CODE_POINTS / 8, 1);
    if (out->bits == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(text, i);
        out->bits[c >> 3] |= (uint8_t)(1u << (c & 7));
    }
    return 0;
}

static void free_words(WordList *list) {
    for (Py_ssize_t i = 0; i < list->count; i++) PyMem_Free(list->words[i].chars);
    PyMem_Free(list->words);
    list->words = NULL;
    list->count = 0;
}

static int load_words(PyObject *sequence, WordList *out) {
    PyObject *items = PySequence_Fast(sequence, "a word list must be a sequence of str");
    if (items == NULL) return -1;
    free_words(out);
    Py_ssize_t count = PySequence_Fast_GET_SIZE(items);
    out->words = PyMem_Calloc((size_t)(count > 0 ? count : 1), sizeof(Word));
    if (out->words == NULL) {
        Py_DECREF(items);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(items, i);
        if (!PyUnicode_Check(item)) {
            Py_DECREF(items);
            PyErr_SetString(PyExc_TypeError, "a word list must be a sequence of str");
            return -1;
        }
        out->words[i].chars = PyUnicode_AsUCS4Copy(item);
        if (out->words[i].chars == NULL) {
            Py_DECREF(items);
            return -1;
        }
        out->words[i].len = PyUnicode_GET_LENGTH(item);
        out->count = i + 1;
    }
    Py_DECREF(items);
    return 0;
}

static int one_char(PyObject *text, Py_UCS4 *out) {
    if (!PyUnicode_Check(text) || PyUnicode_GET_LENGTH(text) != 1) {
        PyErr_SetString(PyExc_TypeError, "expected a str of one character");
        return -1;
    }
    *out = PyUnicode_READ_CHAR(text, 0);
    return 0;
}

/* The given-name tiers (character -> "A" or "B") as three character sets. */
static int load_tiers(PyObject *tiers) {
    if (!PyDict_Check(tiers)) {
        PyErr_SetString(PyExc_TypeError, "tiers must be a dict");
        return -1;
    }
    PyObject *empty = PyUnicode_FromString("");
    if (empty == NULL) return -1;
    int failed = load_chars(empty, &R.tier_a) || load_chars(empty, &R.tier_b) || load_chars(empty, &R.tier_any);
    Py_DECREF(empty);
    if (failed) return -1;
    PyObject *key, *value;
    Py_ssize_t position = 0;
    while (PyDict_Next(tiers, &position, &key, &value)) {
        if (!PyUnicode_Check(key) || PyUnicode_GET_LENGTH(key) != 1 || !PyUnicode_Check(value)) continue;
        Py_UCS4 c = PyUnicode_READ_CHAR(key, 0);
        R.tier_any.bits[c >> 3] |= (uint8_t)(1u << (c & 7));
        if (PyUnicode_CompareWithASCIIString(value, "A") == 0) R.tier_a.bits[c >> 3] |= (uint8_t)(1u << (c & 7));
        if (PyUnicode_CompareWithASCIIString(value, "B") == 0) R.tier_b.bits[c >> 3] |= (uint8_t)(1u << (c & 7));
    }
    return 0;
}

static void keep(PyObject **slot, PyObject *value) {
    Py_INCREF(value);
    Py_XSETREF(*slot, value);
}

static PyObject *configure(PyObject *self, PyObject *args, PyObject *kwargs) {
    static char *names[] = {
        "surnames", "tiers", "places", "synonyms", "freq", "tags", "stopwords", "ambiguous", "blocked_next",
        "resume_after", "honorifics", "address_after_name", "familiar_before", "familiar_role_before",
        "familiar_after", "context_before", "titles_before", "context_after", "not_person_after",
        "estate_buildings", "candidate_start", "punctuation", "title_endings", "compound_name_end",
        "place_name_end", "not_person_before", "serve_before", "cue_separators", "familiar_marks",
        "reduplication", "date_marks", "resume_separators", "serve_surname", "estate_wing", "rare_percent",
        "familiar_percent", "familiar_word_freq", "common_word_freq", NULL};
    PyObject *surnames, *tiers, *places, *synonyms, *freq, *tags, *stopwords, *ambiguous, *blocked_next,
        *resume_after;
    PyObject *lists[10];
    PyObject *sets[12];
    PyObject *serve_surname, *estate_wing;
    double rare_percent, familiar_percent;
    long familiar_word_freq, common_word_freq;
    if (!PyArg_ParseTupleAndKeywords(
            args, kwargs, "O!O!OOO!O!OOO!OOOOOOOOOOOUUUUUUUUUUUUUUddll", names, &PyDict_Type, &surnames,
            &PyDict_Type, &tiers, &places, &synonyms, &PyDict_Type, &freq, &PyDict_Type, &tags, &stopwords,
            &ambiguous, &PyDict_Type, &blocked_next, &resume_after, &lists[0], &lists[1], &lists[2], &lists[3],
            &lists[4], &lists[5], &lists[6], &lists[7], &lists[8], &lists[9], &sets[0], &sets[1], &sets[2],
            &sets[3], &sets[4], &sets[5], &sets[6], &sets[7], &sets[8], &sets[9], &sets[10], &sets[11],
            &serve_surname, &estate_wing, &rare_percent, &familiar_percent, &familiar_word_freq,
            &common_word_freq))
        return NULL;
    R.ready = 0;
    WordList *word_lists[10] = {&R.honorifics, &R.address_after_name, &R.familiar_before,
                                &R.familiar_role_before, &R.familiar_after, &R.context_before,
                                &R.titles_before, &R.context_after, &R.not_person_after, &R.estate_buildings};
    for (int i = 0; i < 10; i++)
        if (load_words(lists[i], word_lists[i]) < 0) return NULL;
    CharSet *char_sets[12] = {&R.candidate_start, &R.punctuation,    &R.title_endings,  &R.compound_name_end,
                              &R.place_name_end,  &R.not_person_before, &R.serve_before, &R.cue_separators,
                              &R.familiar_marks,  &R.reduplication,  &R.date_marks,     &R.resume_separators};
    for (int i = 0; i < 12; i++)
        if (load_chars(sets[i], char_sets[i]) < 0) return NULL;
    if (load_tiers(tiers) < 0 || one_char(serve_surname, &R.serve_surname) < 0 ||
        one_char(estate_wing, &R.estate_wing) < 0)
        return NULL;
    keep(&R.surnames, surnames);
    keep(&R.places, places);
    keep(&R.synonyms, synonyms);
    keep(&R.freq, freq);
    keep(&R.tags, tags);
    keep(&R.stopwords, stopwords);
    keep(&R.ambiguous, ambiguous);
    keep(&R.blocked_next, blocked_next);
    keep(&R.resume_after, resume_after);
    R.rare_percent = rare_percent;
    R.familiar_percent = familiar_percent;
    R.familiar_word_freq = familiar_word_freq;
    R.common_word_freq = common_word_freq;
    R.ready = 1;
    Py_RETURN_NONE;
}

/* --- text helpers ------------------------------------------------------------------------------------------ */

/* Whether text[pos:] starts with the word (the word inside the text). */
static int starts_with(const Text *t, Py_ssize_t pos, const Word *w) {
    if (pos < 0 || pos + w->len > t->n) return 0;
    for (Py_ssize_t i = 0; i < w->len; i++)
        if (AT(t, pos + i) != w->chars[i]) return 0;
    return 1;
}

/* The first word of the list (in list order) that text[pos:] starts with and that is at most `limit`
 * characters long; NULL when none. */
static const Word *first_prefix(const Text *t, Py_ssize_t pos, const WordList *list, Py_ssize_t limit) {
    for (Py_ssize_t i = 0; i < list->count; i++)
        if (list->words[i].len <= limit && starts_with(t, pos, &list->words[i])) return &list->words[i];
    return NULL;
}

/* The first word of the list (in list order) that text[lo:hi] ends with; NULL when none. */
static const Word *first_suffix(const Text *t, Py_ssize_t lo, Py_ssize_t hi, const WordList *list) {
    for (Py_ssize_t i = 0; i < list->count; i++) {
        const Word *w = &list->words[i];
        if (w->len <= hi - lo && starts_with(t, hi - w->len, w)) return w;
    }
    return NULL;
}

static PyObject *slice(const Text *t, Py_ssize_t start, Py_ssize_t end) {
    if (start < 0) start = 0;
    if (end > t->n) end = t->n;
    if (end < start) end = start;
    return PyUnicode_Substring(t->obj, start, end);
}

/* Whether text[start:end] is in a dict or set: 1, 0, or -1 with an exception set. */
static int slice_in(const Text *t, Py_ssize_t start, Py_ssize_t end, PyObject *container) {
    PyObject *word = slice(t, start, end);
    if (word == NULL) return -1;
    int found = PySequence_Contains(container, word);
    Py_DECREF(word);
    return found;
}

/* freq.get(word, 0); -1 with an exception set on error. */
static long frequency_of(PyObject *word) {
    PyObject *count = PyDict_GetItemWithError(R.freq, word); /* borrowed */
    if (count == NULL) return PyErr_Occurred() ? -1 : 0;
    return PyLong_AsLong(count);
}

/* Whether jieba tags the word as a name (its tag starts with "nr"): 1, 0, or -1. */
static int tagged_name(PyObject *word) {
    PyObject *tag = PyDict_GetItemWithError(R.tags, word); /* borrowed */
    if (tag == NULL) return PyErr_Occurred() ? -1 : 0;
    if (!PyUnicode_Check(tag) || PyUnicode_GET_LENGTH(tag) < 2) return 0;
    return PyUnicode_READ_CHAR(tag, 0) == 'n' && PyUnicode_READ_CHAR(tag, 1) == 'r';
}

/* CnPersonRecognizer._is_word(text[start:end], min_freq): 1, 0, or -1. */
static int is_word(const Text *t, Py_ssize_t start, Py_ssize_t end, long min_freq) {
    PyObject *word = slice(t, start, end);
    if (word == NULL) return -1;
    int answer = PySequence_Contains(R.stopwords, word);
    if (answer == 0) {
        long count = frequency_of(word);
        if (count == -1 && PyErr_Occurred()) {
            answer = -1;
        } else if (count < min_freq) {
            answer = 0;
        } else {
            int name = tagged_name(word);
            answer = name < 0 ? -1 : (!name || count >= R.common_word_freq);
        }
    }
    Py_DECREF(word);
    return answer;
}

/* DATE_BEFORE.search(text[lo:hi]): r"\d[marks]$" — `$` also matches before a newline that ends the head. */
static int date_before(const Text *t, Py_ssize_t lo, Py_ssize_t hi) {
    if (hi - lo >= 1 && AT(t, hi - 1) == '\n') {
        if (hi - lo >= 3 && HAS(R.date_marks, AT(t, hi - 2)) && Py_UNICODE_ISDECIMAL(AT(t, hi - 3))) return 1;
    }
    return hi - lo >= 2 && HAS(R.date_marks, AT(t, hi - 1)) && Py_UNICODE_ISDECIMAL(AT(t, hi - 2));
}

/* ESTATE_AHEAD.match(text, pos): 1-4 CJK characters (greedy; a shorter take leaves a CJK character where a
 * letter or digit must follow, so only the whole run of at most four can match), then a Latin letter and
 * the wing, or one or more digits (all of them, for the same reason) and a building word. */
static int estate_ahead(const Text *t, Py_ssize_t pos) {
    Py_ssize_t run = 0;
    while (pos + run < t->n && run < 5 && is_cjk(AT(t, pos + run))) run++;
    if (run < 1 || run > 4) return 0;
    Py_ssize_t at = pos + run;
    if (at + 1 < t->n && is_ascii_letter(AT(t, at)) && AT(t, at + 1) == R.estate_wing) return 1;
    Py_ssize_t digits = 0;
    while (at + digits < t->n && Py_UNICODE_ISDECIMAL(AT(t, at + digits))) digits++;
    return digits > 0 && first_prefix(t, at + digits, &R.estate_buildings, PY_SSIZE_T_MAX) != NULL;
}

/* RESUME_AFTER.match(text, pos), asked of Python's regex only where its first character can match. */
static int resume_after(const Text *t, Py_ssize_t pos) {
    if (pos >= t->n || !HAS(R.resume_separators, AT(t, pos))) return 0;
    PyObject *match = PyObject_CallMethod(R.resume_after, "match", "On", t->obj, pos);
    if (match == NULL) return -1;
    int found = match != Py_None;
    Py_DECREF(match);
    return found;
}

/* --- the recognizer's steps ------------------------------------------------------------------------------ */

/* _cue_before: the score for what precedes `start`, and whether the cue vouches for a word boundary. */
static void cue_before(const Text *t, Py_ssize_t start, double *score, int *vouched) {
    Py_ssize_t position = start;
    while (position > 0 && HAS(R.cue_separators, AT(t, position - 1))) position--;
    Py_ssize_t lo = position - 6 < 0 ? 0 : position - 6;
    if (first_suffix(t, lo, position, &R.context_before) != NULL) {
        *score = 0.35;
        *vouched = 1;
        return;
    }
    const Word *title = first_suffix(t, lo, position, &R.titles_before);
    if (title != NULL) {
        *score = 0.2;
        *vouched = title->len > 1;
        return;
    }
    if (start == 0) {
        *score = 0.1;
        *vouched = 0;
        return;
    }
    if (HAS(R.punctuation, AT(t, start - 1)) || date_before(t, lo, position)) {
        *score = 0.05;
        *vouched = 1;
        return;
    }
    *score = 0.0;
    *vouched = 0;
}

/* _cue_after; -1 on error. */
static double cue_after(const Text *t, Py_ssize_t end, int *failed) {
    if (end >= t->n) return 0.05;
    int resume = resume_after(t, end);
    if (resume < 0) {
        *failed = 1;
        return 0.0;
    }
    if (resume) return 0.3;
    if (first_prefix(t, end, &R.context_after, 3) != NULL) return 0.2;
    if (HAS(R.punctuation, AT(t, end))) return 0.05;
    return 0.0;
}

/* _not_person_after: 1, 0, or -1. */
static int not_person_after(const Text *t, Py_ssize_t end) {
    const Word *suffix = first_prefix(t, end, &R.not_person_after, PY_SSIZE_T_MAX);
    if (suffix == NULL) return 0;
    if (suffix->len > 1) return 1;
    int word = is_word(t, end, end + 2, 100);
    return word < 0 ? -1 : !word;
}

/* _title_token_before: 1, 0, or -1. */
static int title_token_before(const Text *t, Py_ssize_t start) {
    if (!t->ends[start]) return 0;
    for (Py_ssize_t length = 2; length <= 4; length++) {
        if (start - length < 0) return 0;
        if (!HAS(R.title_endings, AT(t, start - 1))) continue;
        int word = is_word(t, start - length, start, 1);
        if (word != 0) return word;
    }
    return 0;
}

/* _honorific_at: the first form of address (in list order) at `position` not blocked by the next character;
 * NULL when none, and *failed on error. */
static const Word *honorific_at(const Text *t, Py_ssize_t position, int *failed) {
    for (Py_ssize_t i = 0; i < R.honorifics.count; i++) {
        const Word *w = &R.honorifics.words[i];
        if (!starts_with(t, position, w)) continue;
        Py_ssize_t next = position + w->len;
        if (next < t->n) {
            PyObject *key = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, w->chars, w->len);
            if (key == NULL) {
                *failed = 1;
                return NULL;
            }
            PyObject *blocked = PyDict_GetItemWithError(R.blocked_next, key); /* borrowed */
            Py_DECREF(key);
            if (blocked == NULL && PyErr_Occurred()) {
                *failed = 1;
                return NULL;
            }
            if (blocked != NULL && PyUnicode_Check(blocked) &&
                PyUnicode_FindChar(blocked, AT(t, next), 0, PyUnicode_GET_LENGTH(blocked), 1) >= 0)
                continue;
        }
        return w;
    }
    return NULL;
}

static int add(PyObject *found, Py_ssize_t start, Py_ssize_t end, double score, PyObject *reason) {
    if (reason == NULL) return -1;
    PyObject *row = Py_BuildValue("(nndN)", start, end, score, reason);
    if (row == NULL) return -1;
    int status = PyList_Append(found, row);
    Py_DECREF(row);
    return status;
}

static PyObject *signed_two_places(double value) {
    char *text = PyOS_double_to_string(value, 'f', 2, Py_DTSF_SIGN, NULL);
    if (text == NULL) return NULL;
    PyObject *result = PyUnicode_FromString(text);
    PyMem_Free(text);
    return result;
}

static PyObject *full_name_reason(double before, double after) {
    PyObject *first = signed_two_places(before);
    PyObject *second = first ? signed_two_places(after) : NULL;
    PyObject *reason = second ? PyUnicode_FromFormat("full name (%U %U)", first, second) : NULL;
    Py_XDECREF(first);
    Py_XDECREF(second);
    return reason;
}

#define CHECK(expression)                   \
    do {                                    \
        if ((expression) < 0) goto failure; \
    } while (0)

/* _score_at for the surname text[start:start+surname_length] (a key of the surname table). */
static int score_at(const Text *t, Py_ssize_t start, Py_ssize_t surname_length, PyObject *surname,
                    PyObject *found) {
    PyObject *percent_object = PyDict_GetItemWithError(R.surnames, surname); /* borrowed */
    if (percent_object == NULL) return PyErr_Occurred() ? -1 : 0;
    double percent = PyFloat_AsDouble(percent_object);
    if (percent == -1.0 && PyErr_Occurred()) return -1;
    int compound = surname_length == 2;
    int ambiguous = PySequence_Contains(R.ambiguous, surname);
    if (ambiguous < 0) return -1;
    int rare = (percent < R.rare_percent && !compound) || ambiguous;
    double before;
    int vouched;
    cue_before(t, start, &before, &vouched);
    int start_aligned = t->starts[start] || vouched;
    int failed = 0;

    if (start > 0 && HAS(R.not_person_before, AT(t, start - 1)) && !vouched) return 0;
    if (surname_length == 1 && AT(t, start) == R.serve_surname && start > 0 &&
        HAS(R.serve_before, AT(t, start - 1)))
        return 0;
    if (before == 0) {
        int title = title_token_before(t, start);
        if (title < 0) return -1;
        if (title) before = 0.2;
    }
    Py_ssize_t after_surname = start + surname_length;
    const Word *honorific = honorific_at(t, after_surname, &failed);
    if (failed) return -1;
    if (honorific != NULL && (start_aligned || before > 0)) {
        int excluded = 0;
        if (rare && honorific->len == 1 && before < 0.2) {
            double cue = cue_after(t, after_surname + 1, &failed);
            if (failed) return -1;
            excluded = cue < 0.05;
        }
        if (!excluded) {
            Py_ssize_t end = after_surname + honorific->len;
            int place = not_person_after(t, end);
            if (place < 0) return -1;
            int word = place ? 0 : is_word(t, start, end, 1);
            if (word < 0) return -1;
            if (!place && !word) {
                int strong = before >= 0.2 || compound || !rare;
                double score = strong && (before > 0 || honorific->len > 1) ? 0.85 : 0.6;
                if (start > 0 && before == 0 && is_cjk(AT(t, start - 1))) score = 0.6;
                PyObject *form = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, honorific->chars, honorific->len);
                if (form == NULL) return -1;
                PyObject *reason = PyUnicode_FromFormat("surname + %U", form);
                Py_DECREF(form);
                if (add(found, start, end, score, reason) < 0) return -1;
            }
        }
    }

    if (ambiguous && before < 0.35) return 0;
    for (Py_ssize_t given_length = 1; given_length <= 2; given_length++) {
        Py_ssize_t end = after_surname + given_length;
        if (end > t->n) break;
        int all_cjk = 1;
        for (Py_ssize_t i = after_surname; i < end; i++) all_cjk = all_cjk && is_cjk(AT(t, i));
        if (!all_cjk) break;
        Py_UCS4 last = AT(t, end - 1);
        int word = is_word(t, start, end, 1);
        if (word < 0) return -1;
        if (word || HAS(R.compound_name_end, last)) continue;
        int key = slice_in(t, start, end, R.synonyms);
        if (key < 0) return -1;
        if (key) continue;
        if (before < 0.35) {
            int place = slice_in(t, start, end, R.places);
            if (place < 0) return -1;
            if (place) continue;
        }
        if (given_length == 2 && !compound) {
            int common = is_word(t, start, start + 2, 100);
            if (common < 0) return -1;
            if (common) continue;
        }
        int all_tiered = 1, any_tiered = 0;
        for (Py_ssize_t i = after_surname; i < end; i++) {
            int tiered = HAS(R.tier_any, AT(t, i)) != 0;
            all_tiered = all_tiered && tiered;
            any_tiered = any_tiered || tiered;
        }
        if (given_length == 2) {
            int common = is_word(t, after_surname, end, 100);
            if (common < 0) return -1;
            if (common && !all_tiered && before < 0.35) {
                double cue = cue_after(t, end, &failed);
                if (failed) return -1;
                if (cue < 0.2) continue;
            }
        }
        if (estate_ahead(t, end)) continue;
        if (before < 0.35 && HAS(R.place_name_end, last)) {
            int resume = resume_after(t, end);
            if (resume < 0) return -1;
            if (!resume && first_prefix(t, end, &R.address_after_name, PY_SSIZE_T_MAX) == NULL) continue;
        }
        if (given_length == 2 && HAS(R.reduplication, AT(t, after_surname)) &&
            AT(t, after_surname + 1) == AT(t, after_surname - 1))
            continue;
        int one_token = 0;
        if (given_length == 2 && t->starts[start] && t->ends[end]) {
            int inner = 0;
            for (Py_ssize_t i = start + 1; i < end; i++) inner = inner || t->starts[i];
            if (!inner) {
                PyObject *name = slice(t, start, end);
                if (name == NULL) return -1;
                int tagged = tagged_name(name);
                int known = tagged == 0 ? PyDict_Contains(R.freq, name) : 0;
                Py_DECREF(name);
                if (tagged < 0 || known < 0) return -1;
                one_token = tagged || (!known && any_tiered);
            }
        }
        if (given_length == 2 && before < 0.35 && !one_token && !any_tiered) continue;
        double score = 0.15;
        if (compound)
            score += rare ? 0.0 : 0.15;
        else
            score += percent >= 0.5 ? 0.1 : (!rare ? 0.0 : -0.15);
        double sum = 0.0;
        for (Py_ssize_t i = after_surname; i < end; i++) {
            Py_UCS4 c = AT(t, i);
            sum += HAS(R.tier_a, c) ? 0.15 : (HAS(R.tier_b, c) ? 0.05 : -0.15);
        }
        score += sum / (double)given_length;
        if (given_length == 2) score += 0.1;
        if (one_token) score += 0.15;
        score += before;
        if (!start_aligned) score -= 0.3;
        if (!t->ends[end]) score -= 0.15;
        double after = cue_after(t, end, &failed);
        if (failed) return -1;
        score += after;
        int place = not_person_after(t, end);
        if (place < 0) return -1;
        if (place) continue;
        const Word *address = first_prefix(t, end, &R.address_after_name, PY_SSIZE_T_MAX);
        if (address != NULL && start_aligned && score >= 0.25) {
            double lifted = score + 0.3 < 0.95 ? score + 0.3 : 0.95;
            if (lifted < 0.9) lifted = 0.9;
            if (add(found, start, end + address->len, lifted, PyUnicode_FromString("name + address")) < 0) return -1;
            continue;
        }
        if (score > 0 && add(found, start, end, score < 0.95 ? score : 0.95, full_name_reason(before, after)) < 0)
            return -1;
    }
    return 0;
}

/* _familiar_form at `start` (the surname after 小 / 老). */
static int familiar_form(const Text *t, Py_ssize_t start, PyObject *found) {
    if (start == 0 || !HAS(R.familiar_marks, AT(t, start - 1))) return 0;
    PyObject *surname = slice(t, start, start + 1);
    if (surname == NULL) return -1;
    PyObject *percent_object = PyDict_GetItemWithError(R.surnames, surname); /* borrowed */
    Py_DECREF(surname);
    if (percent_object == NULL && PyErr_Occurred()) return -1;
    double percent = percent_object ? PyFloat_AsDouble(percent_object) : 0.0;
    if (percent == -1.0 && PyErr_Occurred()) return -1;
    if (percent < R.familiar_percent) return 0;
    PyObject *pair = slice(t, start - 1, start + 1);
    if (pair == NULL) return -1;
    long count = frequency_of(pair);
    Py_DECREF(pair);
    if (count == -1 && PyErr_Occurred()) return -1;
    if (count >= R.familiar_word_freq) return 0;
    Py_ssize_t end = start + 1;
    int word = is_word(t, start, start + 2, 100);
    if (word != 0) return word < 0 ? -1 : 0;
    Py_ssize_t head_lo = start - 5 < 0 ? 0 : start - 5, head_hi = start - 1;
    int role = first_suffix(t, head_lo, head_hi, &R.familiar_role_before) != NULL;
    int before_ok = role || start == 1 || !is_cjk(AT(t, start - 2));
    if (!before_ok) {
        double cue;
        int vouched;
        cue_before(t, start - 1, &cue, &vouched);
        before_ok = vouched || first_suffix(t, head_lo, head_hi, &R.familiar_before) != NULL;
    }
    int after_ok = end >= t->n || HAS(R.punctuation, AT(t, end)) || Py_UNICODE_ISDIGIT(AT(t, end)) ||
                   first_prefix(t, end, &R.familiar_after, PY_SSIZE_T_MAX) != NULL;
    if (!after_ok) {
        int failed = 0;
        after_ok = cue_after(t, end, &failed) >= 0.2;
        if (failed) return -1;
    }
    if (!(role || (before_ok && after_ok))) return 0;
    return add(found, start - 1, end, 0.55, PyUnicode_FromString("familiar form"));
}

/* jieba's word starts and ends as flags per offset 0..n, from the words' lengths in text order (as
 * CnPersonRecognizer._token_bounds adds them). */
static int bounds_of(PyObject *lengths, Py_ssize_t n, uint8_t **starts, uint8_t **ends) {
    *starts = PyMem_Calloc((size_t)n + 1, 1);
    *ends = PyMem_Calloc((size_t)n + 1, 1);
    if (*starts == NULL || *ends == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    PyObject *items = PySequence_Fast(lengths, "lengths must be a sequence of int");
    if (items == NULL) return -1;
    Py_ssize_t position = 0;
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(items); i++) {
        Py_ssize_t length = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(items, i));
        if (length == -1 && PyErr_Occurred()) break;
        if (position >= 0 && position <= n) (*starts)[position] = 1;
        position += length;
        if (position >= 0 && position <= n) (*ends)[position] = 1;
    }
    Py_DECREF(items);
    return PyErr_Occurred() ? -1 : 0;
}

static PyObject *find(PyObject *self, PyObject *args) {
    PyObject *text, *lengths;
    if (!PyArg_ParseTuple(args, "UO", &text, &lengths)) return NULL;
    if (!R.ready) {
        PyErr_SetString(PyExc_RuntimeError, "recognizers._person.configure() was not called");
        return NULL;
    }
    Text t = {text, PyUnicode_KIND(text), PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text), NULL, NULL};
    uint8_t *start_flags = NULL, *end_flags = NULL;
    PyObject *found = bounds_of(lengths, t.n, &start_flags, &end_flags) == 0 ? PyList_New(0) : NULL;
    if (found == NULL) goto failure;
    t.starts = start_flags;
    t.ends = end_flags;
    for (Py_ssize_t start = 0; start < t.n; start++) {
        if (!HAS(R.candidate_start, AT(&t, start))) continue;
        for (Py_ssize_t length = 2; length >= 1; length--) {
            if (start + length > t.n) continue;
            PyObject *surname = slice(&t, start, start + length);
            if (surname == NULL) goto failure;
            int known = PyDict_Contains(R.surnames, surname);
            int status = known > 0 ? score_at(&t, start, length, surname, found) : known;
            Py_DECREF(surname);
            CHECK(status);
        }
        CHECK(familiar_form(&t, start, found));
    }
    PyMem_Free(start_flags);
    PyMem_Free(end_flags);
    return found;
failure:
    Py_XDECREF(found);
    PyMem_Free(start_flags);
    PyMem_Free(end_flags);
    return NULL;
}

static PyMethodDef methods[] = {
    {"configure", (PyCFunction)(void (*)(void))configure, METH_VARARGS | METH_KEYWORDS,
     "configure(**tables) -> None: the recognizer's tables, word lists and character sets (see "
     "cn_person_recognizer._native_rules)."},
    {"find", find, METH_VARARGS,
     "find(text, lengths) -> [(start, end, score, reason)]: find_candidates less transliterated names, given "
     "the lengths of jieba's words of the text in order."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_person", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__person(void) { return PyModule_Create(&module); }
