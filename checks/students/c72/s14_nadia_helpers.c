/* Nadia H. -- Homework 3, backward pass.
 *
 * Helper functions for the pieces that occur twice (bias sums and the
 * weight decay term); the products are written out as loops. */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* b[j] = sum_i M[i][j] */
static void column_sums(const gsl_matrix *M, gsl_vector *b)
{
    size_t i, j;
    for (j = 0; j < M->size2; j++) {
        double total = 0.0;
        for (i = 0; i < M->size1; i++)
            total += gsl_matrix_get(M, i, j);
        gsl_vector_set(b, j, total);
    }
}

/* dW += 2 * reg * W */
static void add_weight_decay(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    size_t i, j;
    for (i = 0; i < W->size1; i++)
        for (j = 0; j < W->size2; j++)
            gsl_matrix_set(dW, i, j, gsl_matrix_get(dW, i, j) + 2.0 * reg * gsl_matrix_get(W, i, j));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double sum;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dL/dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* dL/dW2 (H x C): i over hidden, j over classes, k over samples */
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++) {
            sum = 0.0;
            for (k = 0; k < N; k++)
                sum += gsl_matrix_get(cache->p1, k, i) * gsl_matrix_get(g->dz2, k, j);
            gsl_matrix_set(g->dW2, i, j, sum);
        }
    add_weight_decay(g->dW2, net->W2, reg);
    column_sums(g->dz2, g->db2);

    /* dL/dp1 (N x H) */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            sum = 0.0;
            for (k = 0; k < C; k++)
                sum += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, sum);
        }

    /* dL/dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* dL/dW1 (D x H): i over inputs, j over hidden, k over samples */
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) {
            sum = 0.0;
            for (k = 0; k < N; k++)
                sum += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, i, j, sum);
        }
    add_weight_decay(g->dW1, net->W1, reg);
    column_sums(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
