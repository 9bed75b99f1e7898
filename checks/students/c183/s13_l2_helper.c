/* backward.c -- two-layer net, backprop by hand (per sample)
 *
 * l2_grad() adds the gradient of the L2 penalty to a weight gradient;
 * it is called once for each layer after the sample loop.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* gradient of reg * sum(W.^2) */
static void l2_grad(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    size_t r;
    for (r = 0; r < W->size1; r++) {
        gsl_vector_const_view w = gsl_matrix_const_row(W, r);
        gsl_vector_view dw = gsl_matrix_row(dW, r);
        gsl_blas_daxpy(reg, &w.vector, &dw.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db1);
    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);

    for (i = 0; i < N; i++) {
        gsl_vector_const_view xi = gsl_matrix_const_row(X, i);
        gsl_vector_const_view hi = gsl_matrix_const_row(cache->p1, i);
        gsl_vector_const_view zi = gsl_matrix_const_row(cache->z1, i);
        gsl_vector_view dz2 = gsl_matrix_row(g->dz2, i);
        gsl_vector_view dp1 = gsl_matrix_row(g->dp1, i);
        gsl_vector_view dz1 = gsl_matrix_row(g->dz1, i);

        gsl_matrix_get_row(&dz2.vector, cache->prob, i);
        gsl_vector_set(&dz2.vector, y[i], gsl_vector_get(&dz2.vector, y[i]) - 1.0);
        gsl_vector_scale(&dz2.vector, 1.0 / (double) N);

        gsl_blas_dger(1.0, &hi.vector, &dz2.vector, g->dW2);
        gsl_vector_add(g->db2, &dz2.vector);

        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dz2.vector, 0.0, &dp1.vector);
        gsl_vector_memcpy(&dz1.vector, &dp1.vector);
        for (j = 0; j < net->H; j++)
            if (gsl_vector_get(&zi.vector, j) <= 0.0)
                gsl_vector_set(&dz1.vector, j, 0.0);

        gsl_blas_dger(1.0, &xi.vector, &dz1.vector, g->dW1);
        gsl_vector_add(g->db1, &dz1.vector);
    }

    l2_grad(g->dW2, net->W2, reg);
    l2_grad(g->dW1, net->W1, reg);

    g->present = BP_GRADS_ALL;
    return 0;
}
