#include "backprop.h"
#include <gsl/gsl_blas.h>

/* Chunked backward.  nchunks = ceil(N / CS); chunk c covers rows
 * c*CS .. c*CS + rows - 1.  Penalty goes in before the loop. */

#define CS 2

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t nchunks = (N + CS - 1) / CS;
    size_t c, i, j;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2 * reg);
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2 * reg);
    gsl_vector_set_zero(g->db2);
    gsl_vector_set_zero(g->db1);

    for (c = 0; c < nchunks; c++) {
        size_t off = c * CS;
        size_t rows = (off + CS > N) ? N - off : CS;

        gsl_matrix_const_view prob = gsl_matrix_const_submatrix(cache->prob, off, 0, rows, C);
        gsl_matrix_const_view hid = gsl_matrix_const_submatrix(cache->p1, off, 0, rows, H);
        gsl_matrix_const_view pre = gsl_matrix_const_submatrix(cache->z1, off, 0, rows, H);
        gsl_matrix_view dsc = gsl_matrix_submatrix(g->dz2, off, 0, rows, C);
        gsl_matrix_view dhid = gsl_matrix_submatrix(g->dp1, off, 0, rows, H);
        gsl_matrix_view dpre = gsl_matrix_submatrix(g->dz1, off, 0, rows, H);

        /* scores */
        for (i = 0; i < rows; i++)
            for (j = 0; j < C; j++)
                gsl_matrix_set(&dsc.matrix, i, j,
                    (gsl_matrix_get(&prob.matrix, i, j) - (y[off + i] == j ? 1.0 : 0.0)) / N);

        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &hid.matrix, &dsc.matrix, 1.0, g->dW2);
        for (i = 0; i < rows; i++)
            for (j = 0; j < C; j++)
                *gsl_vector_ptr(g->db2, j) += gsl_matrix_get(&dsc.matrix, i, j);

        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &dsc.matrix, net->W2, 0.0, &dhid.matrix);

        for (i = 0; i < rows; i++)
            for (j = 0; j < H; j++) {
                double d = gsl_matrix_get(&pre.matrix, i, j) > 0 ? gsl_matrix_get(&dhid.matrix, i, j) : 0;
                gsl_matrix_set(&dpre.matrix, i, j, d);
                *gsl_vector_ptr(g->db1, j) += d;
            }

        /* first layer weights need the input rows of this chunk */
        gsl_matrix_const_view xin = gsl_matrix_const_submatrix(X, 0, 0, rows, D);
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &xin.matrix, &dpre.matrix, 1.0, g->dW1);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
