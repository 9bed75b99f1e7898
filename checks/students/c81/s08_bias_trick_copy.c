/*  backward.c  --  assignment 2
 *
 *  In assignment 1 I used the "bias trick": append a column of ones to the
 *  input of each layer and append b as an extra row of W, so a layer is a
 *  single matrix product.  Here I build p1a = [p1 | 1] and W2a = [W2 ; b2']
 *  and get dW2 and db2 from one product, and dp1 from dz2 W2a'.
 */
#include <string.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* copy(dst, src): same-shape copy, fast */
void copy(gsl_matrix *dst, const gsl_matrix *src)
{
    memcpy(dst->data, src->data, src->size1 * src->size2 * sizeof(double));
}

/* [A | 1] */
gsl_matrix *append_ones(const gsl_matrix *A)
{
    gsl_matrix *B = gsl_matrix_alloc(A->size1, A->size2 + 1);
    for (size_t i = 0; i < A->size1; i++) {
        for (size_t j = 0; j < A->size2; j++)
            gsl_matrix_set(B, i, j, gsl_matrix_get(A, i, j));
        gsl_matrix_set(B, i, A->size2, 1.0);
    }
    return B;
}

/* [W ; b'] */
gsl_matrix *stack_bias(const gsl_matrix *W, const gsl_vector *b)
{
    gsl_matrix *Wa = gsl_matrix_alloc(W->size1 + 1, W->size2);
    gsl_matrix_view top = gsl_matrix_submatrix(Wa, 0, 0, W->size1, W->size2);
    gsl_matrix_memcpy(&top.matrix, W);
    gsl_vector_view last = gsl_matrix_row(Wa, W->size1);
    gsl_vector_memcpy(&last.vector, b);
    return Wa;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    copy(g->dz2, cache->prob);
    for (size_t n = 0; n < N; n++)
        gsl_matrix_set(g->dz2, n, y[n], gsl_matrix_get(g->dz2, n, y[n]) - 1);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    gsl_matrix *p1a = append_ones(cache->p1);          /* N x (H+1) */
    gsl_matrix *W2a = stack_bias(net->W2, net->b2);    /* (H+1) x C */
    gsl_matrix *dW2a = gsl_matrix_alloc(H + 1, C);
    gsl_matrix *dp1a = gsl_matrix_alloc(N, H + 1);

    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, p1a, g->dz2, 0.0, dW2a);
    gsl_matrix_view dW2v = gsl_matrix_submatrix(dW2a, 0, 0, H, C);
    copy(g->dW2, &dW2v.matrix);
    for (size_t h = 0; h < H; h++)
        for (size_t c = 0; c < C; c++)
            gsl_matrix_set(g->dW2, h, c, gsl_matrix_get(g->dW2, h, c)
                           + 2 * reg * gsl_matrix_get(net->W2, h, c));
    gsl_matrix_get_row(g->db2, dW2a, H);                /* last row = bias */

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, W2a, 0.0, dp1a);
    gsl_matrix_view dp1v = gsl_matrix_submatrix(dp1a, 0, 0, N, H);  /* drop the ones column */
    copy(g->dp1, &dp1v.matrix);

    /* relu */
    for (size_t n = 0; n < N; n++)
        for (size_t h = 0; h < H; h++)
            gsl_matrix_set(g->dz1, n, h, gsl_matrix_get(cache->z1, n, h) > 0
                           ? gsl_matrix_get(g->dp1, n, h) : 0.0);

    /* first layer: no need for the trick, db1 is just the column sum */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
    gsl_vector_set_zero(g->db1);
    for (size_t n = 0; n < N; n++) {
        gsl_vector_view r = gsl_matrix_row(g->dz1, n);
        gsl_vector_add(g->db1, &r.vector);
    }

    gsl_matrix_free(dp1a);
    gsl_matrix_free(dW2a);
    gsl_matrix_free(W2a);
    gsl_matrix_free(p1a);
    g->present = BP_GRADS_ALL;
    return 0;
}
