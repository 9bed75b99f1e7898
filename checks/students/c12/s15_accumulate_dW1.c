/* backward.c
 * Two layer net backward pass.  I loop over the samples and add each
 * sample's outer product into the weight gradients (that is what the
 * matrix product does anyway).
 */
#include <stdio.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
    int N, D, H, C, n, i, j;
    double val;

    N = X->size1; D = net->D; H = net->H; C = net->C;

    /* dz2 */
    for (n = 0; n < N; n++)
        for (j = 0; j < C; j++) {
            val = gsl_matrix_get(cache->prob, n, j);
            if (j == (int) y[n]) val = val - 1;
            gsl_matrix_set(g->dz2, n, j, val / N);
        }

    /* dW2: sum over samples of p1[n]^T dz2[n], then the reg */
    gsl_matrix_set_zero(g->dW2);
    for (n = 0; n < N; n++)
        for (i = 0; i < H; i++)
            for (j = 0; j < C; j++)
                gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j) + gsl_matrix_get(cache->p1, n, i) * gsl_matrix_get(g->dz2, n, j));
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
            gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j) + 2 * reg * gsl_matrix_get(net->W2, i, j));

    /* db2 */
    gsl_vector_set_zero(g->db2);
    for (n = 0; n < N; n++)
        for (j = 0; j < C; j++)
            gsl_vector_set(g->db2, j, gsl_vector_get(g->db2, j) + gsl_matrix_get(g->dz2, n, j));

    /* dp1 and dz1 */
    for (n = 0; n < N; n++)
        for (i = 0; i < H; i++) {
            val = 0;
            for (j = 0; j < C; j++)
                val += gsl_matrix_get(g->dz2, n, j) * gsl_matrix_get(net->W2, i, j);
            gsl_matrix_set(g->dp1, n, i, val);
            if (gsl_matrix_get(cache->z1, n, i) > 0)
                gsl_matrix_set(g->dz1, n, i, val);
            else
                gsl_matrix_set(g->dz1, n, i, 0);
        }

    /* dW1: sum over samples of X[n]^T dz1[n], then the reg (same as dW2) */
    for (n = 0; n < N; n++)
        for (i = 0; i < D; i++)
            for (j = 0; j < H; j++)
                gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j) + gsl_matrix_get(X, n, i) * gsl_matrix_get(g->dz1, n, j));
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j) + 2 * reg * gsl_matrix_get(net->W1, i, j));

    /* db1 */
    gsl_vector_set_zero(g->db1);
    for (n = 0; n < N; n++)
        for (j = 0; j < H; j++)
            gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + gsl_matrix_get(g->dz1, n, j));

    if (0) printf("done\n");

    g->present = BP_GRADS_ALL;
    return 0;
}
