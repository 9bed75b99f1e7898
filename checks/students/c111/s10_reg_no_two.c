/* hw4: backward.c
 *
 * my own matmul helper (no blas), softmax recomputed from the scores
 * with the max subtracted.  reg term: d/dW (reg*|W|^2) */

#include <math.h>
#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* C = op(A) * op(B), ta/tb = 1 means transpose */
static void matmul(const gsl_matrix *A, int ta, const gsl_matrix *B, int tb,
                   gsl_matrix *Cm) {
    size_t i, j, k, K = ta ? A->size1 : A->size2;
    for (i = 0; i < Cm->size1; i++)
        for (j = 0; j < Cm->size2; j++) {
            double s = 0.0;
            for (k = 0; k < K; k++) {
                double a = ta ? gsl_matrix_get(A, k, i) : gsl_matrix_get(A, i, k);
                double b = tb ? gsl_matrix_get(B, j, k) : gsl_matrix_get(B, k, j);
                s += a * b;
            }
            gsl_matrix_set(Cm, i, j, s);
        }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, H = net->H, C = net->C, i, j, k;
    gsl_matrix *probs;

    if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

    probs = gsl_matrix_alloc(N, C);
    for (i = 0; i < N; i++) {
        double mx = gsl_matrix_get(cache->z2, i, 0), sum = 0.0;
        for (k = 1; k < C; k++)
            if (gsl_matrix_get(cache->z2, i, k) > mx) mx = gsl_matrix_get(cache->z2, i, k);
        for (k = 0; k < C; k++) {
            gsl_matrix_set(probs, i, k, exp(gsl_matrix_get(cache->z2, i, k) - mx));
            sum += gsl_matrix_get(probs, i, k);
        }
        for (k = 0; k < C; k++)
            gsl_matrix_set(probs, i, k, gsl_matrix_get(probs, i, k) / sum);
    }

    /* dz2 = (probs - onehot) / N */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dz2, i, k,
                (gsl_matrix_get(probs, i, k) - (k == y[i] ? 1.0 : 0.0)) / (double)N);
    gsl_matrix_free(probs);

    /* dW2 = p1^T dz2 + reg term */
    matmul(cache->p1, 1, g->dz2, 0, g->dW2);
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dW2, j, k, gsl_matrix_get(g->dW2, j, k) + reg * gsl_matrix_get(net->W2, j, k));

    /* db2 */
    for (k = 0; k < C; k++) {
        double s = 0.0;
        for (i = 0; i < N; i++) s += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    /* dp1 = dz2 W2^T, then through the relu */
    matmul(g->dz2, 0, net->W2, 1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                gsl_matrix_get(cache->z1, i, j) > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* dW1 = X^T dz1 + 2 reg W1 */
    matmul(X, 1, g->dz1, 0, g->dW1);
    for (i = 0; i < net->D; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j) + 2.0 * reg * gsl_matrix_get(net->W1, i, j));

    /* db1 */
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++) s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
