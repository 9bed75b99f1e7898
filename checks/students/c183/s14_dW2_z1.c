/* backward.c -- 2-layer net backprop, sample by sample (GSL)
 *
 * notation: z1 = x W1 + b1, a1 = relu(z1), z2 = a1 W2 + b2
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H;
    size_t i, j;
    gsl_matrix *tmp;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix_set_zero(g->dW1);
    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db1);
    gsl_vector_set_zero(g->db2);

    for (i = 0; i < N; i++) {
        gsl_vector_const_view x  = gsl_matrix_const_row(X, i);
        gsl_vector_const_view z1 = gsl_matrix_const_row(cache->z1, i);
        gsl_vector_view dz2 = gsl_matrix_row(g->dz2, i);
        gsl_vector_view da1 = gsl_matrix_row(g->dp1, i);
        gsl_vector_view dz1 = gsl_matrix_row(g->dz1, i);

        /* dL/dz2 for this sample */
        gsl_matrix_get_row(&dz2.vector, cache->prob, i);
        gsl_vector_set(&dz2.vector, y[i], gsl_vector_get(&dz2.vector, y[i]) - 1.0);
        gsl_vector_scale(&dz2.vector, 1.0 / N);

        /* dW2 += a1^T dz2, db2 += dz2 */
        gsl_blas_dger(1.0, &z1.vector, &dz2.vector, g->dW2);
        gsl_blas_daxpy(1.0, &dz2.vector, g->db2);

        /* da1 = dz2 W2^T */
        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dz2.vector, 0.0, &da1.vector);

        /* dz1 = da1 * 1[z1 > 0] */
        for (j = 0; j < H; j++)
            gsl_vector_set(&dz1.vector, j,
                           (gsl_vector_get(&z1.vector, j) > 0) * gsl_vector_get(&da1.vector, j));

        gsl_blas_dger(1.0, &x.vector, &dz1.vector, g->dW1);
        gsl_blas_daxpy(1.0, &dz1.vector, g->db1);
    }

    /* L2 terms */
    tmp = gsl_matrix_alloc(H, net->C);
    gsl_matrix_memcpy(tmp, net->W2);
    gsl_matrix_scale(tmp, 2.0 * reg);
    gsl_matrix_add(g->dW2, tmp);
    gsl_matrix_free(tmp);
    tmp = gsl_matrix_alloc(net->D, H);
    gsl_matrix_memcpy(tmp, net->W1);
    gsl_matrix_scale(tmp, 2.0 * reg);
    gsl_matrix_add(g->dW1, tmp);
    gsl_matrix_free(tmp);

    g->present = BP_GRADS_ALL;
    return 0;
}
