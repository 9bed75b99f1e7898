/* backward.c -- Assignment 3
 * Chen Wei
 */

#include "backprop.h"

/* column sums of M into v (v has M->size2 entries) */
static void colsum(const gsl_matrix *M, gsl_vector *v)
{
    size_t r, c;
    gsl_vector_set_zero(v);
    for (r = 0; r < M->size1; r++)
        for (c = 0; c < M->size2; c++)
            gsl_vector_set(v, c, gsl_vector_get(v, c) + gsl_matrix_get(M, r, c));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* TODO: compute dz2 */
    for (i = 0; i < N; i++) {
        for (k = 0; k < net->C; k++) {
            double v = gsl_matrix_get(cache->prob, i, k);
            gsl_matrix_set(g->dz2, i, k, k == y[i] ? (v - 1) / N : v / N);
        }
    }
    /* END TODO */

    /* TODO: compute dW2 */
    for (j = 0; j < net->H; j++) {
        for (k = 0; k < net->C; k++) {
            double s = 0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, s + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }
    /* END TODO */

    /* TODO: compute db2 */
    colsum(g->dz2, g->db2);
    /* END TODO */

    /* TODO: compute dp1 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < net->H; j++) {
            double s = 0;
            for (k = 0; k < net->C; k++)
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
        }
    }
    /* END TODO */

    /* TODO: compute dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ?
                           gsl_matrix_get(g->dp1, i, j) : 0.0);
    /* END TODO */

    /* TODO: compute dW1 */
    for (i = 0; i < net->D; i++) {
        for (j = 0; j < net->H; j++) {
            double s = 0;
            for (k = 0; k < N; k++)
                s += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
            gsl_matrix_set(g->dW1, i, j, s + 2 * reg * gsl_matrix_get(net->W1, i, j));
        }
    }
    /* END TODO */

    /* TODO: compute db1 */
    colsum(g->dp1, g->db1);
    /* END TODO */

    g->present = BP_GRADS_ALL;
    return 0;
}
