/*
 *  backward.c  --  HW5  (backprop, 2-layer net)
 *
 *  All products with level 2/3 BLAS.  Column sums are done as
 *  A^T * ones (eq. 3.9 in the notes), ones is a temporary vector.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    gsl_vector *ones;
    gsl_vector_view dz2_row;
    size_t N, i, j;
    double zij;

    N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    ones = gsl_vector_alloc(N);
    if (ones == NULL)
        return 1;
    gsl_vector_set_all(ones, 1.0);

    /* eq. 3.4:  dz2 = (P - Y) / N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        dz2_row = gsl_matrix_row(g->dz2, i);
        *gsl_vector_ptr(&dz2_row.vector, y[i]) -= 1.0;
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    /* eq. 3.5:  dW2 = p1^T dz2 + reg W2   (derivative of the reg term) */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, reg, g->dW2);

    /* eq. 3.6:  db2 = dz2^T 1 */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    /* eq. 3.7:  dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* eq. 3.8:  dz1 = dp1 .* (z1 > 0) */
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++) {
            zij = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, zij > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
        }

    /* eq. 3.10: dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* eq. 3.11: db1 = dz1^T 1 */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
