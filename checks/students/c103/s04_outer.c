/* backward.c -- backprop one sample at a time: every weight gradient is
 * a sum over the batch of outer products (gsl_blas_dger), every bias
 * gradient a sum of rows.  Slower than one dgemm, but it is the formula
 * from the notes, term by term. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n, h, N = X->size1, H = net->H;
    double invN;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;
    invN = 1.0 / (double) N;

    /* the regularisation part first: dW = 2 reg W, db = 0 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_vector_set_zero(g->db2);
    gsl_vector_set_zero(g->db1);

    for (n = 0; n < N; n++) {
        gsl_vector_const_view pr = gsl_matrix_const_row(cache->prob, n);
        gsl_vector_const_view p1 = gsl_matrix_const_row(cache->p1, n);
        gsl_vector_const_view z1 = gsl_matrix_const_row(cache->z1, n);
        gsl_vector_const_view x = gsl_matrix_const_row(X, n);
        gsl_vector_view dz2 = gsl_matrix_row(g->dz2, n);
        gsl_vector_view dp1 = gsl_matrix_row(g->dp1, n);
        gsl_vector_view dz1 = gsl_matrix_row(g->dz1, n);

        /* sample n: dz2_n = (p_n - e_y) / N */
        gsl_vector_memcpy(&dz2.vector, &pr.vector);
        gsl_vector_set(&dz2.vector, y[n], gsl_vector_get(&dz2.vector, y[n]) - 1.0);
        gsl_blas_dscal(invN, &dz2.vector);

        gsl_blas_dger(1.0, &p1.vector, &dz2.vector, g->dW2);
        gsl_vector_add(g->db2, &dz2.vector);

        /* dp1_n = W2 dz2_n */
        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dz2.vector, 0.0, &dp1.vector);

        for (h = 0; h < H; h++)
            gsl_vector_set(&dz1.vector, h,
                           gsl_vector_get(&z1.vector, h) > 0 ?
                           gsl_vector_get(&dp1.vector, h) : 0.0);

        gsl_blas_dger(1.0, &x.vector, &dz1.vector, g->dW1);
        gsl_vector_add(g->db1, &dz1.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
