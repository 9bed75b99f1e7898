/* Assignment 2: backward pass (loops) */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, i, j;
    double dscore, dh, delta;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db2);

    /* layer 2 */
    for (n = 0; n < N; n++) {
        for (j = 0; j < C; j++) {
            dscore = gsl_matrix_get(cache->prob, n, j);
            if (j == y[n])
                dscore -= 1.0;
            dscore /= N;
            gsl_matrix_set(g->dz2, n, j, dscore);
            for (i = 0; i < H; i++)
                gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j)
                               + gsl_matrix_get(cache->p1, n, i) * dscore);
            gsl_vector_set(g->db2, j, gsl_vector_get(g->db2, j) + dscore);
        }
    }
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
            gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j)
                           + 2 * reg * gsl_matrix_get(net->W2, i, j));

    /* layer 1 */
    for (n = 0; n < N; n++) {
        for (j = 0; j < H; j++) {
            dh = 0.0;
            for (i = 0; i < C; i++)
                dh += gsl_matrix_get(g->dz2, n, i) * gsl_matrix_get(net->W2, j, i);
            gsl_matrix_set(g->dp1, n, j, dh);

            delta = gsl_matrix_get(cache->z1, n, j) > 0 ? dh : 0.0;
            gsl_matrix_set(g->dz1, n, j, delta);
            for (i = 0; i < D; i++)
                gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j)
                               + gsl_matrix_get(X, n, i) * delta);
            gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + delta);
        }
    }
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j)
                           + 2 * reg * gsl_matrix_get(net->W1, i, j));

    g->present = BP_GRADS_ALL;
    return 0;
}
