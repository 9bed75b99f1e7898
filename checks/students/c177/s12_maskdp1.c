/* backward.c -- Homework 3, part 2 (C port of the numpy backward pass)
 *
 * np_dot only does A.dot(B), so I make the transposes explicitly with
 * np_T first, same as writing A.T in python.
 */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *np_T(const gsl_matrix *A) {
    gsl_matrix *At = gsl_matrix_alloc(A->size2, A->size1);
    if (At) gsl_matrix_transpose_memcpy(At, A);
    return At;
}

static void np_dot(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out) {
    size_t i, j, k;
    for (i = 0; i < A->size1; i++) {
        for (j = 0; j < B->size2; j++) {
            double s = 0;
            for (k = 0; k < A->size2; k++) s += gsl_matrix_get(A, i, k) * gsl_matrix_get(B, k, j);
            gsl_matrix_set(out, i, j, s);
        }
    }
}

static void np_sum_axis0(const gsl_matrix *A, gsl_vector *out) {
    size_t i, j;
    for (j = 0; j < A->size2; j++) {
        double s = 0;
        for (i = 0; i < A->size1; i++) s += gsl_matrix_get(A, i, j);
        gsl_vector_set(out, j, s);
    }
}

/* out = np.where(mask > 0, A, 0) */
static void np_where_positive(const gsl_matrix *mask, const gsl_matrix *A, gsl_matrix *out) {
    size_t i, j;
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            gsl_matrix_set(out, i, j, gsl_matrix_get(mask, i, j) > 0 ? gsl_matrix_get(A, i, j) : 0.0);
}

static void np_scale(gsl_matrix *A, double s) { gsl_matrix_scale(A, s); }

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, i, j;
    gsl_matrix *hT, *W2T, *XT;
    gsl_matrix *dScores = g->dz2, *dHidden = g->dp1;

    if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

    hT = np_T(cache->p1);
    W2T = np_T(net->W2);
    XT = np_T(X);
    if (!hT || !W2T || !XT) {
        gsl_matrix_free(hT); gsl_matrix_free(W2T); gsl_matrix_free(XT);
        return 1;
    }

    // dScores = (probs - 1[y]) / N
    gsl_matrix_memcpy(dScores, cache->prob);
    for (i = 0; i < N; i++) gsl_matrix_set(dScores, i, y[i], gsl_matrix_get(dScores, i, y[i]) - 1);
    np_scale(dScores, 1.0 / N);

    // dW2 = hidden.T . dScores + 2 reg W2
    np_dot(hT, dScores, g->dW2);
    for (i = 0; i < net->H; i++)
        for (j = 0; j < net->C; j++)
            gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j) + 2 * reg * gsl_matrix_get(net->W2, i, j));
    np_sum_axis0(dScores, g->db2);

    // dHidden = dScores . W2.T
    np_dot(dScores, W2T, dHidden);

    // ReLU backward: only the positive ones go through
    np_where_positive(dHidden, dHidden, g->dz1);

    // dW1 = X.T . dz1 + 2 reg W1
    np_dot(XT, g->dz1, g->dW1);
    for (i = 0; i < net->D; i++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j) + 2 * reg * gsl_matrix_get(net->W1, i, j));
    np_sum_axis0(g->dz1, g->db1);

    gsl_matrix_free(hT);
    gsl_matrix_free(W2T);
    gsl_matrix_free(XT);
    g->present = BP_GRADS_ALL;
    return 0;
}
