/* backward.c -- Emma D.
 *
 * - copy the GSL stuff I need into 2D arrays
 * - compute all gradients on the arrays
 * - write them back into g
 */
#include <stdlib.h>
#include "backprop/grads.h"

static double **alloc2d(int rows, int cols) {
    double **arr = malloc(rows * sizeof *arr);
    for (int i = 0; i < rows; ++i) arr[i] = calloc(cols, sizeof **arr);
    return arr;
}

static void free2d(double **arr, int rows) {
    for (int i = 0; i < rows; ++i) free(arr[i]);
    free(arr);
}

static double **toArray2d(const gsl_matrix *m) {
    double **arr = alloc2d(m->size1, m->size2);
    for (size_t i = 0; i < m->size1; ++i)
        for (size_t j = 0; j < m->size2; ++j) arr[i][j] = gsl_matrix_get(m, i, j);
    return arr;
}

static void fromArray2d(gsl_matrix *m, double **arr) {
    for (size_t i = 0; i < m->size1; ++i)
        for (size_t j = 0; j < m->size2; ++j) gsl_matrix_set(m, i, j, arr[i][j]);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    int nSamples = X->size1, nInputs = net->D, nHidden = net->H, nClasses = net->C;

    double **inputs = toArray2d(X);
    double **preRelu = toArray2d(cache->z1);
    double **hidden = toArray2d(cache->p1);
    double **probs = toArray2d(cache->prob);

    /* gradient wrt the scores */
    double **dScores = alloc2d(nSamples, nClasses);
    for (int i = 0; i < nSamples; ++i)
        for (int c = 0; c < nClasses; ++c)
            dScores[i][c] = (probs[i][c] - (c == (int) y[i] ? 1.0 : 0.0)) / nSamples;

    /* second layer */
    double **dW2 = alloc2d(nHidden, nClasses);
    double *db2 = calloc(nClasses, sizeof(double));
    double **dHidden = alloc2d(nSamples, nHidden);
    for (int i = 0; i < nSamples; ++i)
        for (int c = 0; c < nClasses; ++c) {
            db2[c] += dScores[i][c];
            for (int h = 0; h < nHidden; ++h) {
                dW2[h][c] += hidden[i][h] * dScores[i][c];
                dHidden[i][h] += dScores[i][c] * gsl_matrix_get(net->W2, h, c);
            }
        }
    for (int h = 0; h < nHidden; ++h)
        for (int c = 0; c < nClasses; ++c)
            dW2[h][c] += 2 * reg * gsl_matrix_get(net->W2, h, c);

    /* first layer */
    double **dPre = alloc2d(nSamples, nHidden);
    double **dW1 = alloc2d(nInputs, nHidden);
    double *db1 = calloc(nHidden, sizeof(double));
    for (int i = 0; i < nSamples; ++i)
        for (int h = 0; h < nHidden; ++h) {
            if (preRelu[i][h] > 0) dPre[i][h] = dHidden[i][h];
            db1[h] += dPre[i][h];
            for (int d = 0; d < nInputs; ++d) dW1[d][h] += inputs[i][d] * dPre[i][h];
        }

    /* write back */
    fromArray2d(g->dz2, dScores);
    fromArray2d(g->dW2, dW2);
    fromArray2d(g->dp1, dHidden);
    fromArray2d(g->dz1, dPre);
    for (int c = 0; c < nClasses; ++c) gsl_vector_set(g->db2, c, db2[c]);
    for (int h = 0; h < nHidden; ++h) gsl_vector_set(g->db1, h, db1[h]);
    /* dW1 lives inside dtheta, so write straight into its memory, adding the reg */
    for (int d = 0; d < nInputs; ++d)
        for (int h = 0; h < nHidden; ++h)
            g->dW1->data[h * nInputs + d] = dW1[d][h] + 2 * reg * gsl_matrix_get(net->W1, d, h);

    free2d(inputs, nSamples); free2d(preRelu, nSamples); free2d(hidden, nSamples);
    free2d(probs, nSamples); free2d(dScores, nSamples); free2d(dW2, nHidden);
    free2d(dHidden, nSamples); free2d(dPre, nSamples); free2d(dW1, nInputs);
    free(db2); free(db1);
    g->present = BP_GRADS_ALL;
    return 0;
}
