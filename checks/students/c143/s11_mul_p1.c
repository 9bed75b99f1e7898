/*
 * Lab 4 backward pass.  All per sample with row views.
 *
 * relu'(z) is 1 for z > 0 and 0 otherwise, so dz1 = dp1 .* relu'(z1);
 * gsl_vector_mul does the elementwise product.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H;
    size_t n, j;
    gsl_vector *deriv = gsl_vector_alloc(H);   /* relu'(z1) of one sample */

    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_vector_set_zero(g->db2);
    gsl_vector_set_zero(g->db1);

    for (n = 0; n < N; n++) {
        gsl_vector_const_view xrow = gsl_matrix_const_row(X, n);
        gsl_vector_const_view zrow = gsl_matrix_const_row(cache->z1, n);
        gsl_vector_const_view arow = gsl_matrix_const_row(cache->p1, n);
        gsl_vector_const_view prow = gsl_matrix_const_row(cache->prob, n);
        gsl_vector_view dz2row = gsl_matrix_row(g->dz2, n);
        gsl_vector_view dp1row = gsl_matrix_row(g->dp1, n);
        gsl_vector_view dz1row = gsl_matrix_row(g->dz1, n);

        /* dz2 */
        gsl_vector_memcpy(&dz2row.vector, &prow.vector);
        gsl_vector_set(&dz2row.vector, y[n], gsl_vector_get(&prow.vector, y[n]) - 1.0);
        gsl_vector_scale(&dz2row.vector, 1.0 / (double)N);

        /* dW2, db2 */
        gsl_blas_dger(1.0, &arow.vector, &dz2row.vector, g->dW2);
        gsl_vector_add(g->db2, &dz2row.vector);

        /* dp1 = W2 dz2 */
        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dz2row.vector, 0.0, &dp1row.vector);

        /* dz1 = dp1 .* relu'(z1) */
        for (j = 0; j < H; j++)
            gsl_vector_set(deriv, j, gsl_vector_get(&zrow.vector, j) > 0.0 ? 1.0 : 0.0);
        gsl_vector_memcpy(&dz1row.vector, &dp1row.vector);
        gsl_vector_mul(&dz1row.vector, &arow.vector);

        /* dW1, db1 */
        gsl_blas_dger(1.0, &xrow.vector, &dz1row.vector, g->dW1);
        gsl_vector_add(g->db1, &dz1row.vector);
    }

    gsl_vector_free(deriv);
    g->present = BP_GRADS_ALL;
    return 0;
}
