/* backward.c for assignment 4
 * Weight and bias gradients are accumulated sample by sample
 * (one outer product per sample, like in the lecture derivation). */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, h, c, d;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 */
    for (n = 0; n < N; n++)
        for (c = 0; c < C; c++) {
            double t = (c == y[n]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, n, c, (gsl_matrix_get(cache->prob, n, c) - t) / N);
        }

    /* dW2 and db2, summed over the samples */
    gsl_matrix_set_zero(g->dW2);
    for (n = 0; n < N; n++)
        for (c = 0; c < C; c++) {
            double dz = gsl_matrix_get(g->dz2, n, c);
            for (h = 0; h < H; h++)
                gsl_matrix_set(g->dW2, h, c, gsl_matrix_get(g->dW2, h, c)
                               + gsl_matrix_get(cache->p1, n, h) * dz);
            gsl_vector_set(g->db2, c, gsl_vector_get(g->db2, c) + dz);
        }
    /* + 2 reg W2 */
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
            gsl_matrix_set(g->dW2, h, c, gsl_matrix_get(g->dW2, h, c)
                           + 2 * reg * gsl_matrix_get(net->W2, h, c));

    /* dp1 = dz2 W2^T */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++) {
            double s = 0;
            for (c = 0; c < C; c++)
                s += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dp1, n, h, s);
        }

    /* dz1 */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            gsl_matrix_set(g->dz1, n, h, gsl_matrix_get(cache->z1, n, h) > 0
                           ? gsl_matrix_get(g->dp1, n, h) : 0.0);

    /* dW1 and db1, summed over the samples */
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db1);
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++) {
            double dz = gsl_matrix_get(g->dz1, n, h);
            for (d = 0; d < D; d++)
                gsl_matrix_set(g->dW1, d, h, gsl_matrix_get(g->dW1, d, h)
                               + gsl_matrix_get(X, n, d) * dz);
            gsl_vector_set(g->db1, h, gsl_vector_get(g->db1, h) + dz);
        }
    /* + 2 reg W1 */
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
            gsl_matrix_set(g->dW1, d, h, gsl_matrix_get(g->dW1, d, h)
                           + 2 * reg * gsl_matrix_get(net->W1, d, h));

    g->present = BP_GRADS_ALL;
    return 0;
}
