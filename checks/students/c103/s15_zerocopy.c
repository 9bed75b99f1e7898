/* backward.c -- per-sample accumulation for the second layer (outer
 * products with dger), dgemm for the first.  Reg terms added at the end. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* dW2 = sum_i p1_i dz2_i',  db2 = sum_i dz2_i */
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view a = gsl_matrix_const_row(cache->p1, i);
        gsl_vector_const_view d = gsl_matrix_const_row(g->dz2, i);
        gsl_blas_dger(1.0, &a.vector, &d.vector, g->dW2);
        gsl_vector_add(g->db2, &d.vector);
    }

    /* dp1, dz1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0.0 ?
                           gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* dW1, db1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view d = gsl_matrix_const_row(g->dz1, i);
        gsl_vector_add(g->db1, &d.vector);
    }

    /* + 2 reg W */
    for (i = 0; i < net->H; i++)
        for (j = 0; j < net->C; j++)
            *gsl_matrix_ptr(g->dW2, i, j) += 2.0 * reg * gsl_matrix_get(net->W2, i, j);
    for (i = 0; i < net->D; i++)
        for (j = 0; j < net->H; j++)
            *gsl_matrix_ptr(g->dW1, i, j) += 2.0 * reg * gsl_matrix_get(net->W1, i, j);

    g->present = BP_GRADS_ALL;
    return 0;
}
