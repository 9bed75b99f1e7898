#include "backprop.h"

/* Homework 3: backward of the two layer network.
 * All gradients are computed with loops (i: sample, j: hidden, k: class,
 * d: input feature). */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k, d;
    double sum;

    if (cache->N != N) return 1;

    /* dz2 = (softmax - onehot) / N */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dz2, i, k, gsl_matrix_get(cache->prob, i, k) / N);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0 / N);

    /* dW2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            sum = 2 * reg * gsl_matrix_get(net->W2, j, k);
            for (i = 0; i < N; i++)
                sum += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, sum);
        }

    /* db2 */
    for (k = 0; k < C; k++) {
        sum = 0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, sum);
    }

    /* dp1 and dz1 (relu) */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            sum = 0;
            for (k = 0; k < C; k++)
                sum += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, sum);
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                sum = 0;
            gsl_matrix_set(g->dz1, i, j, sum);
        }

    /* dW1 */
    for (d = 0; d < D; d++)
        for (j = 0; j < H; j++) {
            sum = 2 * reg * gsl_matrix_get(net->W1, d, j);
            for (i = 0; i < N; i++)
                sum += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, d, j, sum);
        }

    /* db1 */
    sum = 0;
    for (j = 0; j < H; j++) {
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
