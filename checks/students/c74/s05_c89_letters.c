/* HW3 backward.  n=N d=D h=H c=C */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n, d, h, c, i, j, k;
    double s, t;
    gsl_matrix *A, *B;

    n = X->size1; d = net->D; h = net->H; c = net->C;
    if (n != cache->N || X->size2 != d || g->N != n) return 1;

    /* scores grad */
    A = g->dz2;
    gsl_matrix_memcpy(A, cache->prob);
    for (i = 0; i < n; i++) gsl_matrix_set(A, i, y[i], gsl_matrix_get(A, i, y[i]) + 1.0);
    gsl_matrix_scale(A, 1.0 / n);

    /* W2, b2 */
    for (j = 0; j < h; j++)
        for (k = 0; k < c; k++) {
            s = 0;
            for (i = 0; i < n; i++) s += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(A, i, k);
            gsl_matrix_set(g->dW2, j, k, s + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }
    for (k = 0; k < c; k++) {
        s = 0;
        for (i = 0; i < n; i++) s += gsl_matrix_get(A, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    /* hidden */
    B = g->dp1;
    for (i = 0; i < n; i++)
        for (j = 0; j < h; j++) {
            s = 0;
            for (k = 0; k < c; k++) s += gsl_matrix_get(A, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(B, i, j, s);
            t = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, t > 0 ? s : 0);
        }

    /* W1, b1 */
    B = g->dz1;
    for (k = 0; k < d; k++)
        for (j = 0; j < h; j++) {
            s = 0;
            for (i = 0; i < n; i++) s += gsl_matrix_get(X, i, k) * gsl_matrix_get(B, i, j);
            gsl_matrix_set(g->dW1, k, j, s + 2 * reg * gsl_matrix_get(net->W1, k, j));
        }
    for (j = 0; j < h; j++) {
        s = 0;
        for (i = 0; i < n; i++) s += gsl_matrix_get(B, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
