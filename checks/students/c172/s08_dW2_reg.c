// backward.c -- backprop for the two layer net
// Shapes:  X (N,D)  W1 (D,H)  W2 (H,C)  z1,p1 (N,H)  z2,prob (N,C)
//
// I compute the weight gradients as  dW = A^T dZ  with dgemm and then add
// the regularisation with gsl_matrix_scale + gsl_matrix_add on a copy of W.

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// colsum: out(j) = sum_i A(i,j)
static void colsum(const gsl_matrix *A, gsl_vector *out)
{
    for (size_t j = 0; j < A->size2; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(A, j);
        double s = 0.0;
        for (size_t i = 0; i < col.vector.size; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(out, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    gsl_matrix *W2reg, *W1reg;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dz2 (N,C)
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    // dW2 (H,C) = p1^T dz2 + d/dW2 [reg * |W2|^2]
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    W2reg = gsl_matrix_alloc(net->H, net->C);
    gsl_matrix_memcpy(W2reg, net->W2);
    gsl_matrix_scale(W2reg, reg);
    gsl_matrix_add(g->dW2, W2reg);
    gsl_matrix_free(W2reg);

    // db2 (C)
    colsum(g->dz2, g->db2);

    // dp1 (N,H) = dz2 W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // dz1 (N,H): relu backward, pass where z1 > 0
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < net->H; j++)
            if (!(gsl_matrix_get(cache->z1, i, j) > 0.0))
                gsl_matrix_set(g->dz1, i, j, 0.0);

    // dW1 (D,H) = X^T dz1 + 2 reg W1
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    W1reg = gsl_matrix_alloc(net->D, net->H);
    gsl_matrix_memcpy(W1reg, net->W1);
    gsl_matrix_scale(W1reg, 2.0 * reg);
    gsl_matrix_add(g->dW1, W1reg);
    gsl_matrix_free(W1reg);

    // db1 (H)
    colsum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
