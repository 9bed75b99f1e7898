/* Uchechukwu D.  backward.c  (lab 3) */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double tmp;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 = probs, minus 1 on the true class, over N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        double *e = gsl_matrix_ptr(g->dz2, i, y[i]);
        *e = *e - 1.0;
    }
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            *gsl_matrix_ptr(g->dz2, i, k) /= N;

    /* dW2 and db2 */
    gsl_vector_set_zero(g->db2);
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            tmp = 2.0 * reg * gsl_matrix_get(net->W2, j, k);
            for (i = 0; i < N; i++)
                tmp += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, tmp);
        }
    }
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            *gsl_vector_ptr(g->db2, k) += gsl_matrix_get(g->dz2, i, k);

    /* dp1 and dz1 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            tmp = 0.0;
            for (k = 0; k < C; k++)
                tmp += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, tmp);
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? tmp : 0.0);
        }
    }

    /* dW1 and db1 */
    for (k = 0; k < D; k++) {
        for (j = 0; j < H; j++) {
            tmp = 2.0 * reg * gsl_matrix_get(net->W1, k, j);
            for (i = 0; i < N; i++)
                tmp += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, tmp);
        }
    }
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            *gsl_vector_ptr(g->db1, j) += gsl_matrix_get(g->dp1, i, j);

    g->present = BP_GRADS_ALL;
    return 0;
}
