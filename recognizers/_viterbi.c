/* LAC's CRF decoding (recognizers/lac_model.py) in C, called through ctypes.
 *
 * The same best paths as the numpy reference `_viterbi_numpy`, bit for bit: every score is the same float32
 * addition in the same order (there is no multiplication, so no fused multiply-add can creep in), and ties go
 * to the lowest tag, as numpy's argmax does.
 *
 * Where the time goes away: LAC's transition scores are small (|t| <= 0.21) next to the emission scores, so
 * at each step only the tags whose score is within the transitions' spread of the best can be the best
 * predecessor of any tag. A tag further below can never win nor tie (score[i] + t[i][j] < best + min(t) <=
 * score[best] + t[best][j]); the margin adds a relative slack far above float32 rounding. The usual K x K
 * work per character becomes K x (a handful). Rows are decoded one after the other, each exactly as alone.
 *
 * This file is a Python extension module only so that setuptools builds it; it exports no Python API.
 */
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* emissions: batch x length x tags; transitions: tags x tags (from, to); paths: batch x length.
 * Returns 0, or -1 when scratch memory could not be had. */
int baomi_viterbi(const float *emissions, const float *transitions, int64_t batch, int64_t length,
                  int64_t tags, int64_t *paths) {
    if (batch <= 0 || length <= 0 || tags <= 0) return 0;
    /* The spread of the transition scores: how far below the best a predecessor may be and still win. */
    float lowest = transitions[0], highest = transitions[0];
    for (int64_t i = 1; i < tags * tags; i++) {
        if (transitions[i] < lowest) lowest = transitions[i];
        if (transitions[i] > highest) highest = transitions[i];
    }
    double spread = (double)highest - (double)lowest;
    int32_t *back = malloc(sizeof(int32_t) * (size_t)(length * tags));
    float *score = malloc(sizeof(float) * (size_t)tags);
    float *next = malloc(sizeof(float) * (size_t)tags);
    int32_t *near = malloc(sizeof(int32_t) * (size_t)tags);
    if (!back || !score || !next || !near) {
        free(back); free(score); free(next); free(near);
        return -1;
    }
    for (int64_t row = 0; row < batch; row++) {
        const float *emission = emissions + row * length * tags;
        for (int64_t j = 0; j < tags; j++) score[j] = emission[j];
        for (int64_t step = 1; step < length; step++) {
            float top = score[0];
            for (int64_t i = 1; i < tags; i++)
                if (score[i] > top) top = score[i];
            double floor = (double)top - (spread + 1e-3 + 1e-5 * fabs((double)top));
            int64_t count = 0;
            for (int64_t i = 0; i < tags; i++)
                if ((double)score[i] >= floor) near[count++] = (int32_t)i;
            const float *here = emission + step * tags;
            int32_t *pointers = back + step * tags;
            for (int64_t j = 0; j < tags; j++) {
                int32_t best = near[0];
                float value = score[best] + transitions[best * tags + j];
                for (int64_t k = 1; k < count; k++) {
                    int32_t i = near[k];
                    float candidate = score[i] + transitions[i * tags + j];
                    if (candidate > value) {
                        value = candidate;
                        best = i;
                    }
                }
                pointers[j] = best;
                next[j] = value + here[j];
            }
            for (int64_t j = 0; j < tags; j++) score[j] = next[j];
        }
        int64_t *path = paths + row * length;
        int32_t last = 0;
        for (int64_t j = 1; j < tags; j++)
            if (score[j] > score[last]) last = (int32_t)j;
        path[length - 1] = last;
        for (int64_t step = length - 1; step > 0; step--) {
            last = back[step * tags + last];
            path[step - 1] = last;
        }
    }
    free(back); free(score); free(next); free(near);
    return 0;
}

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_viterbi", NULL, -1, NULL};

PyMODINIT_FUNC PyInit__viterbi(void) { return PyModule_Create(&module); }
