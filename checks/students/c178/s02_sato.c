/*
 * Report 3 : backward pass of the 2-layer net
 * 2251012 Sato Aoi
 *
 * I tried to use BLAS and views where I could (the TA said loops are
 * fine, but dgemm is faster).  The bias gradients are sums of row views.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H;
    size_t n, h;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* ---- output layer ---- */

    /* dz2 = (prob - onehot) / N : copy prob, subtract 1 at the label, scale */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (n = 0; n < N; n++) {
        double p = gsl_matrix_get(g->dz2, n, y[n]);
        gsl_matrix_set(g->dz2, n, y[n], p - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* dW2 = p1^T dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   1.0, g->dW2);

    /* db2 = sum of the rows of dz2 */
    gsl_vector_set_zero(g->db2);
    for (n = 0; n < N; n++) {
        gsl_vector_const_view row = gsl_matrix_const_row(g->dz2, n);
        gsl_vector_add(g->db2, &row.vector);
    }

    /* ---- hidden layer ---- */

    /* dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                   0.0, g->dp1);

    /* dz1 = dp1 * [z1 > 0] */
    for (n = 0; n < N; n++) {
        for (h = 0; h < H; h++) {
            double z = gsl_matrix_get(cache->z1, n, h);
            double d = gsl_matrix_get(g->dp1, n, h);
            gsl_matrix_set(g->dz1, n, h, z > 0.0 ? d : 0.0);
        }
    }

    /* dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

    /* db1 = sum of the rows of dz1 */
    gsl_vector_set_zero(g->db1);
    for (n = 0; n < N; n++) {
        gsl_vector_const_view row = gsl_matrix_const_row(g->dz1, n);
        gsl_vector_add(g->db1, &row.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
