/* hw6 backward.c
 * all matrix products with BLAS, column sums as t(A) %*% 1 (dgemv with a
 * vector of ones), reg term put in dW first and dgemm adds onto it (beta=1)
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix *Y = gsl_matrix_calloc (N, C);
    gsl_matrix *mask = gsl_matrix_alloc (N, H);
    gsl_vector *ones = gsl_vector_alloc (N);
    gsl_vector_set_all (ones, 1.0);

    /* one hot, row i has a 1 in column y[i] */
    for (i = 0; i < N; i++)
        gsl_matrix_set (Y, i, y[i], 1.0);

    /* dz2 = (P - Y) / N */
    gsl_matrix_memcpy (g->dz2, cache->prob);
    gsl_matrix_sub (g->dz2, Y);
    gsl_matrix_scale (g->dz2, 1.0 / N);

    /* dW2 = 2 reg W2 + t(p1) dz2 */
    gsl_matrix_memcpy (g->dW2, net->W2);
    gsl_matrix_scale (g->dW2, 2.0 * reg);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

    /* db2 = t(dz2) 1 */
    gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    /* dp1 = dz2 t(W2) */
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 = dp1 * 1{z1 > 0} */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set (mask, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0 ? 1.0 : 0.0);
    gsl_matrix_memcpy (g->dz1, g->dp1);
    gsl_matrix_mul_elements (g->dz1, mask);

    /* dW1 = 2 reg W1 + t(X) dz1 */
    gsl_matrix_memcpy (g->dW1, net->W1);
    gsl_matrix_scale (g->dW1, 2.0 * reg);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

    /* db1 = t(dz1) 1 */
    gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_matrix_free (Y);
    gsl_matrix_free (mask);
    gsl_vector_free (ones);

    g->present = BP_GRADS_ALL;
    return 0;
}
