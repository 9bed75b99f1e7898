/* backward.c
 *
 * Sample by sample: the loss is a mean of per-sample terms, so every
 * parameter gradient is a sum over i of per-sample outer products.
 *
 *   dz2_i = (P_i - e_{y_i}) / N                          (row i, length C)
 *   dW2   = 2 reg W2 + sum_i p1_i dz2_i^T   i.e. dW2[h][c] = 2 reg W2[h][c] + sum_i p1[i][h] dz2[i][c]
 *   db2   = sum_i dz2_i
 *   dp1_i = W2 dz2_i                        i.e. dp1[i][h] = sum_c W2[h][c] dz2[i][c]
 *   dz1   = dp1 .* M,  M[i][h] = 1 if z1[i][h] > 0 else 0
 *   dW1   = 2 reg W1 + sum_i x_i dz1_i^T    i.e. dW1[d][h] = 2 reg W1[d][h] + sum_i X[i][d] dz1[i][h]
 *   db1   = sum_i dz1_i
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H;
    gsl_matrix *M;
    size_t i, h;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* start the parameter gradients at their reg terms */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_vector_set_zero(g->db2);
    gsl_vector_set_zero(g->db1);

    for (i = 0; i < N; i++)
    {
        gsl_vector_const_view P_i = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_const_view p1_i = gsl_matrix_const_row(cache->p1, i);
        gsl_vector_view dz2_i = gsl_matrix_row(g->dz2, i);
        gsl_vector_view dp1_i = gsl_matrix_row(g->dp1, i);

        gsl_vector_memcpy(&dz2_i.vector, &P_i.vector);
        gsl_vector_set(&dz2_i.vector, y[i], gsl_vector_get(&dz2_i.vector, y[i]) - 1.0);
        gsl_vector_scale(&dz2_i.vector, 1.0 / (double) N);

        gsl_blas_dger(1.0, &p1_i.vector, &dz2_i.vector, g->dW2);
        gsl_vector_add(g->db2, &dz2_i.vector);
        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dz2_i.vector, 0.0, &dp1_i.vector);
    }

    /* the ReLU mask, as a temporary */
    M = gsl_matrix_alloc(N, H);
    if (M == NULL)
        return 1;
    for (i = 0; i < N; i++)
        for (h = 0; h < H; h++)
            gsl_matrix_set(M, i, h, gsl_matrix_get(cache->z1, i, h) > 0.0 ? 1.0 : 0.0);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, M);     /* in place: dz1 = dp1 .* M */
    gsl_matrix_free(M);

    for (i = 0; i < N; i++)
    {
        gsl_vector_const_view x_i = gsl_matrix_const_row(X, i);
        gsl_vector_view dz1_i = gsl_matrix_row(g->dz1, i);
        gsl_blas_dger(1.0, &x_i.vector, &dz1_i.vector, g->dW1);
        gsl_vector_add(g->db1, &dz1_i.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
