/* backward.c - 2 layer NN backprop (NN&DL course, C assignment)
 * Author: Rahul Deshpande
 * Note: the intermediate results are stored directly in g.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* clear the gradients that we accumulate into */
    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db1);

    /* dz2 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            double ind = (j == y[i]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, i, j, (gsl_matrix_get(cache->prob, i, j) - ind) / (double)N);
        }
    }

    /* dW2 and db2, accumulated sample by sample */
    for (k = 0; k < N; k++) {
        for (i = 0; i < H; i++)
            for (j = 0; j < C; j++)
                gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j) + gsl_matrix_get(cache->p1, k, i) * gsl_matrix_get(g->dz2, k, j));
        for (j = 0; j < C; j++)
            gsl_vector_set(g->db2, j, gsl_vector_get(g->db2, j) + gsl_matrix_get(g->dz2, k, j));
    }
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
            gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j) + 2 * reg * gsl_matrix_get(net->W2, i, j));

    /* dp1 = dz2 * transpose(W2) */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            for (k = 0; k < C; k++)
                gsl_matrix_set(g->dp1, i, j, gsl_matrix_get(g->dp1, i, j) + gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k));

    /* dz1 = dp1 * relu'(z1) */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double d = 0.0;
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                d = 1.0;
            gsl_matrix_set(g->dz1, i, j, d * gsl_matrix_get(g->dp1, i, j));
        }

    /* dW1 and db1 */
    for (k = 0; k < N; k++) {
        for (i = 0; i < D; i++)
            for (j = 0; j < H; j++)
                gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j) + gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j));
        for (j = 0; j < H; j++)
            gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + gsl_matrix_get(g->dz1, k, j));
    }
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j) + 2 * reg * gsl_matrix_get(net->W1, i, j));

    g->present = BP_GRADS_ALL;
    return 0;
}
