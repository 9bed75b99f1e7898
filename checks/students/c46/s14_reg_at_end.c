/* backward.c -- HW3
 *
 * Data gradients first with dgemm (transpose flags), then the
 * regularisation gradient 2*reg*W added to both weight gradients at the
 * end, so it is in one place.
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != D || g->N != N) return 1;

    gsl_matrix *delta2 = g->dz2;
    gsl_matrix *delta1 = g->dz1;

    gsl_matrix_memcpy (delta2, cache->prob);
    for (i = 0; i < N; i++) {
        double *p = gsl_matrix_ptr (delta2, i, y[i]);
        *p -= 1.0;
    }
    gsl_matrix_scale (delta2, 1.0 / (double) N);

    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, delta2, 0.0, g->dW2);
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, delta2, net->W2, 0.0, g->dp1);

    for (j = 0; j < C; j++) {
        double acc = 0.0;
        for (i = 0; i < N; i++) acc += gsl_matrix_get (delta2, i, j);
        gsl_vector_set (g->db2, j, acc);
    }

    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double d = gsl_matrix_get (g->dp1, i, j);
            if (gsl_matrix_get (cache->z1, i, j) <= 0.0) d = 0.0;
            gsl_matrix_set (delta1, i, j, d);
        }
    }

    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, delta1, 0.0, g->dW1);

    for (j = 0; j < H; j++) {
        double acc = 0.0;
        for (i = 0; i < N; i++) acc += gsl_matrix_get (delta1, i, j);
        gsl_vector_set (g->db1, j, acc);
    }

    /* regularisation: d/dW reg*sum(W^2) = 2*reg*W */
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
            *gsl_matrix_ptr (g->dW2, i, j) += 2.0 * reg * gsl_matrix_get (net->W2, i, j);
    for (i = 0; i < D; i++)
        for (j = 0; j < C; j++)
            *gsl_matrix_ptr (g->dW1, i, j) += 2.0 * reg * gsl_matrix_get (net->W1, i, j);

    g->present = BP_GRADS_ALL;
    return 0;
}
