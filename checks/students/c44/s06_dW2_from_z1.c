/* ----------------------------------------------------------------
 *  backward.c   (Intro DL, assignment 3)
 *  J. Okafor
 *
 *  Layer 2:  z2 = h W2 + b2      -> dW2 = h^T dz2, db2 = colsum(dz2)
 *  Layer 1:  z1 = X W1 + b1      -> dW1 = X^T dz1, db1 = colsum(dz1)
 *  plus 2*reg*W on both weight matrices (no 1/2 in our loss!)
 * ---------------------------------------------------------------- */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t r, c;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* ---- output layer ---- */
    gsl_matrix_memcpy (g->dz2, cache->prob);
    for (r = 0; r < N; r++) {
        double *e = gsl_matrix_ptr (g->dz2, r, y[r]);
        *e -= 1.0;
    }
    gsl_matrix_scale (g->dz2, 1.0 / (double) N);

    /* dW2 = h^T dz2 + 2 reg W2   (start from W2 and let dgemm add) */
    gsl_matrix_memcpy (g->dW2, net->W2);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->z1, g->dz2,
                    2.0 * reg, g->dW2);

    gsl_vector_set_zero (g->db2);
    for (r = 0; r < N; r++) {
        gsl_vector_const_view row = gsl_matrix_const_row (g->dz2, r);
        gsl_vector_add (g->db2, &row.vector);
    }

    /* ---- hidden layer ---- */
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    gsl_matrix_memcpy (g->dz1, g->dp1);
    for (r = 0; r < N; r++)
        for (c = 0; c < net->H; c++)
            if (gsl_matrix_get (cache->z1, r, c) <= 0.0)
                gsl_matrix_set (g->dz1, r, c, 0.0);

    gsl_matrix_memcpy (g->dW1, net->W1);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    gsl_vector_set_zero (g->db1);
    for (r = 0; r < N; r++) {
        gsl_vector_const_view row = gsl_matrix_const_row (g->dz1, r);
        gsl_vector_add (g->db1, &row.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
