/* Two-layer net: backward pass, looping over the samples.
 * Each sample contributes an outer product to dW1 and dW2; all of them
 * are averaged over the batch.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t s, u;
    double invN = 1.0 / N;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db1);

    for (s = 0; s < N; s++) {
        gsl_vector_const_view xs = gsl_matrix_const_row(X, s);
        gsl_vector_const_view ps = gsl_matrix_const_row(cache->prob, s);
        gsl_vector_const_view hs = gsl_matrix_const_row(cache->p1, s);
        gsl_vector_const_view zs = gsl_matrix_const_row(cache->z1, s);
        gsl_vector_view gz2 = gsl_matrix_row(g->dz2, s);
        gsl_vector_view gp1 = gsl_matrix_row(g->dp1, s);
        gsl_vector_view gz1 = gsl_matrix_row(g->dz1, s);

        /* output layer */
        gsl_vector_memcpy(&gz2.vector, &ps.vector);
        gsl_vector_set(&gz2.vector, y[s], gsl_vector_get(&gz2.vector, y[s]) - 1.0);
        gsl_vector_scale(&gz2.vector, invN);
        gsl_blas_dger(1.0, &hs.vector, &gz2.vector, g->dW2);
        gsl_blas_daxpy(1.0, &gz2.vector, g->db2);

        /* hidden layer */
        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &gz2.vector, 0.0, &gp1.vector);
        for (u = 0; u < net->H; u++)
            if (gsl_vector_get(&zs.vector, u) > 0.0)
                gsl_vector_set(&gz1.vector, u, gsl_vector_get(&gp1.vector, u));
            else
                gsl_vector_set(&gz1.vector, u, 0.0);
        gsl_blas_dger(invN, &xs.vector, &gz1.vector, g->dW1);
        gsl_blas_daxpy(1.0, &gz1.vector, g->db1);
    }

    /* penalty (once) */
    for (s = 0; s < net->H; s++)
        for (u = 0; u < net->C; u++)
            *gsl_matrix_ptr(g->dW2, s, u) += 2.0 * reg * gsl_matrix_get(net->W2, s, u);
    for (s = 0; s < net->D; s++)
        for (u = 0; u < net->H; u++)
            *gsl_matrix_ptr(g->dW1, s, u) += 2.0 * reg * gsl_matrix_get(net->W1, s, u);

    g->present = BP_GRADS_ALL;
    return 0;
}
