/*
 * Homework 4 -- backward pass.
 *
 * The weight gradients are done one COLUMN at a time: column c of dW2 is
 * p1' (column c of dz2), i.e. a single dgemv with CblasTrans, and the
 * same for dW1 with X.  The bias gradients are dz' 1 with a vector of
 * ones.  dp1 goes row by row through a transposed copy of W2.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j, c;
    gsl_vector *ones = gsl_vector_alloc(N);
    gsl_matrix *W2T = gsl_matrix_alloc(C, H);
    double *a, *b, *z;

    gsl_vector_set_all(ones, 1.0);
    gsl_matrix_transpose_memcpy(W2T, net->W2);   /* (C, H) */

    /* scores */
    for (i = 0; i < N; i++)
    {
        gsl_vector_const_view pi = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_view di = gsl_matrix_row(g->dz2, i);
        gsl_vector_memcpy(&di.vector, &pi.vector);
        *gsl_vector_ptr(&di.vector, y[i]) -= 1.0;
        gsl_vector_scale(&di.vector, 1.0 / N);
    }

    /* dW2, one column per class: dW2[:,c] = p1' dz2[:,c] + 2 reg W2[:,c] */
    for (c = 0; c < C; c++)
    {
        gsl_vector_const_view dcol = gsl_matrix_const_column(g->dz2, c);
        gsl_vector_view wcol = gsl_matrix_column(net->W2, c);
        gsl_vector_view gcol = gsl_matrix_column(g->dW2, c);
        gsl_vector_memcpy(&gcol.vector, &wcol.vector);
        gsl_blas_dgemv(CblasTrans, 1.0, cache->p1, &dcol.vector, 2.0 * reg,
                       &gcol.vector);
    }
    /* db2 = dz2' 1 */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    /* dp1 row i = (W2T)' dz2_i = W2 dz2_i */
    for (i = 0; i < N; i++)
    {
        gsl_vector_const_view di = gsl_matrix_const_row(g->dz2, i);
        gsl_vector_view dpi = gsl_matrix_row(g->dp1, i);
        gsl_blas_dgemv(CblasTrans, 1.0, W2T, &di.vector, 0.0, &dpi.vector);
    }

    /* relu, straight on the arrays (rows are tda apart) */
    for (i = 0; i < N; i++)
    {
        a = g->dp1->data + i * g->dp1->tda;
        b = g->dz1->data + i * g->dz1->tda;
        z = cache->z1->data + i * cache->z1->tda;
        for (j = 0; j < H; j++)
            b[j] = z[j] > 0.0 ? a[j] : 0.0;
    }

    /* dW1 column by column, same trick as dW2 */
    for (j = 0; j < H; j++)
    {
        gsl_vector_const_view dcol = gsl_matrix_const_column(g->dz1, j);
        gsl_vector_view wcol = gsl_matrix_column(net->W1, j);
        gsl_vector_view gcol = gsl_matrix_column(g->dW1, j);
        gsl_vector_memcpy(&gcol.vector, &wcol.vector);
        gsl_blas_dgemv(CblasTrans, 1.0, X, &dcol.vector, 2.0 * reg,
                       &gcol.vector);
    }
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_matrix_free(W2T);
    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
