/* Assignment 3: backward pass                      Nora F. */
/* accumulate per sample, like the pseudocode in the lecture */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, d, h, c;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* clear the accumulators */
    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);
    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db1);

    for (n = 0; n < N; n++) {
        /* output error of sample n */
        for (c = 0; c < C; c++) {
            double e = gsl_matrix_get(cache->prob, n, c);
            if (c == y[n]) e -= 1.0;
            e /= N;
            gsl_matrix_set(g->dz2, n, c, e);
            *gsl_vector_ptr(g->db2, c) += e;
            for (h = 0; h < H; h++)
                *gsl_matrix_ptr(g->dW2, h, c) += gsl_matrix_get(cache->p1, n, h) * e;
        }
        /* hidden error of sample n */
        for (h = 0; h < H; h++) {
            double e = 0.0;
            for (c = 0; c < C; c++)
                e += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dp1, n, h, e);
            if (gsl_matrix_get(cache->z1, n, h) <= 0.0) e = 0.0;
            gsl_matrix_set(g->dz1, n, h, e);
            *gsl_vector_ptr(g->db1, h) += e;
            for (d = 0; d < D; d++)
                *gsl_matrix_ptr(g->dW1, d, h) += gsl_matrix_get(X, n, d) * e;
        }
    }

    /* regularisation */
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
            *gsl_matrix_ptr(g->dW2, h, c) += 2.0 * reg * gsl_matrix_get(net->W2, h, c);
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
            *gsl_matrix_ptr(g->dW1, d, h) += 2.0 * reg * gsl_matrix_get(net->W1, d, h);

    g->present = BP_GRADS_ALL;
    return 0;
}
