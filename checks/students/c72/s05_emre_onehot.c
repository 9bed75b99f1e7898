#include "backprop.h"

/* emre - hw3 */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n = X->size1, d = net->D, h = net->H, c = net->C;
    size_t i, j, k;
    double t, s;

    if (n != cache->N || X->size2 != d || g->N != n) return 1;

    /* dz2 */
    for (i = 0; i < n; i++) {
        for (j = 0; j < c; j++) {
            t = (j == y[j]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, i, j, (gsl_matrix_get(cache->prob, i, j) - t) / n);
        }
    }

    /* dW2, db2 */
    for (j = 0; j < h; j++) {
        for (k = 0; k < c; k++) {
            s = 0;
            for (i = 0; i < n; i++)
                s += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, s + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }
    for (k = 0; k < c; k++) {
        s = 0;
        for (i = 0; i < n; i++) s += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    /* dp1, dz1 */
    for (i = 0; i < n; i++) {
        for (j = 0; j < h; j++) {
            s = 0;
            for (k = 0; k < c; k++)
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
            if (gsl_matrix_get(cache->z1, i, j) <= 0) s = 0;
            gsl_matrix_set(g->dz1, i, j, s);
        }
    }

    /* dW1, db1 */
    for (k = 0; k < d; k++) {
        for (j = 0; j < h; j++) {
            s = 0;
            for (i = 0; i < n; i++)
                s += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, s + 2 * reg * gsl_matrix_get(net->W1, k, j));
        }
    }
    for (j = 0; j < h; j++) {
        s = 0;
        for (i = 0; i < n; i++) s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
