/* backward.c -- lab 3
   One pass over the batch: for each sample, its row of dz2, dp1, dz1 and
   its contribution to the four parameter gradients, which are zeroed
   first and accumulated with +=.  The reg terms are added at the end. */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, d, h, c;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* zero the accumulators */
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
            gsl_matrix_set(g->dW2, h, c, 0.0);
    for (c = 0; c < C; c++)
        gsl_vector_set(g->db2, c, 0.0);
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
            gsl_matrix_set(g->dW1, d, h, 0.0);
    for (h = 0; h < C; h++)
        gsl_vector_set(g->db1, h, 0.0);

    for (i = 0; i < N; i++) {
        /* output layer */
        for (c = 0; c < C; c++) {
            double dz = gsl_matrix_get(cache->prob, i, c);
            if (c == y[i])
                dz -= 1.0;
            dz /= N;
            gsl_matrix_set(g->dz2, i, c, dz);
            gsl_vector_set(g->db2, c, gsl_vector_get(g->db2, c) + dz);
            for (h = 0; h < H; h++)
                gsl_matrix_set(g->dW2, h, c, gsl_matrix_get(g->dW2, h, c)
                               + gsl_matrix_get(cache->p1, i, h) * dz);
        }
        /* hidden layer */
        for (h = 0; h < H; h++) {
            double dp = 0.0, dz;
            for (c = 0; c < C; c++)
                dp += gsl_matrix_get(g->dz2, i, c) * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dp1, i, h, dp);
            dz = gsl_matrix_get(cache->z1, i, h) > 0.0 ? dp : 0.0;
            gsl_matrix_set(g->dz1, i, h, dz);
            gsl_vector_set(g->db1, h, gsl_vector_get(g->db1, h) + dz);
            for (d = 0; d < D; d++)
                gsl_matrix_set(g->dW1, d, h, gsl_matrix_get(g->dW1, d, h)
                               + gsl_matrix_get(X, i, d) * dz);
        }
    }

    /* regularisation */
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
            gsl_matrix_set(g->dW2, h, c, gsl_matrix_get(g->dW2, h, c)
                           + 2.0 * reg * gsl_matrix_get(net->W2, h, c));
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
            gsl_matrix_set(g->dW1, d, h, gsl_matrix_get(g->dW1, d, h)
                           + 2.0 * reg * gsl_matrix_get(net->W1, d, h));

    g->present = BP_GRADS_ALL;
    return 0;
}
