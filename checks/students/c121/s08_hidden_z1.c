/* hw3 -- backward.c
 * Jenna Ortiz
 * every gradient accumulated with *gsl_matrix_ptr(...) += like in section 5
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, d, h, c;
    const gsl_matrix *hidden = cache->z1;   /* hidden layer activations */

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    gsl_matrix_set_zero(g->dz2);
    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);
    gsl_matrix_set_zero(g->dp1);
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db1);

    for (n = 0; n < N; n++) {
        for (c = 0; c < C; c++)
            *gsl_matrix_ptr(g->dz2, n, c) += gsl_matrix_get(cache->prob, n, c) / N;
        *gsl_matrix_ptr(g->dz2, n, y[n]) -= 1.0 / N;
    }

    /* layer 2 */
    for (n = 0; n < N; n++) {
        for (c = 0; c < C; c++) {
            double d2 = gsl_matrix_get(g->dz2, n, c);
            *gsl_vector_ptr(g->db2, c) += d2;
            for (h = 0; h < H; h++) {
                *gsl_matrix_ptr(g->dW2, h, c) += gsl_matrix_get(hidden, n, h) * d2;
                *gsl_matrix_ptr(g->dp1, n, h) += gsl_matrix_get(net->W2, h, c) * d2;
            }
        }
    }
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
            *gsl_matrix_ptr(g->dW2, h, c) += 2 * reg * gsl_matrix_get(net->W2, h, c);

    /* relu */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            if (gsl_matrix_get(cache->z1, n, h) <= 0)
                *gsl_matrix_ptr(g->dz1, n, h) = 0;

    /* layer 1 */
    for (n = 0; n < N; n++) {
        for (h = 0; h < H; h++) {
            double d1 = gsl_matrix_get(g->dz1, n, h);
            *gsl_vector_ptr(g->db1, h) += d1;
            for (d = 0; d < D; d++)
                *gsl_matrix_ptr(g->dW1, d, h) += gsl_matrix_get(X, n, d) * d1;
        }
    }
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
            *gsl_matrix_ptr(g->dW1, d, h) += 2 * reg * gsl_matrix_get(net->W1, d, h);

    g->present = BP_GRADS_ALL;
    return 0;
}
