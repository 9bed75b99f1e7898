/*
 * CS 4xx  -- homework 3, backward pass
 * helpers for the repeated bits: "view a VLA", "add 2*reg*W", "bias grad"
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

#define VIEW(a, r, c) gsl_matrix_view_array(&(a)[0][0], (r), (c))
#define IDX(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* dW = A^T dZ + 2 reg W   (A is the layer input) */
static void weight_grad(const gsl_matrix *A, const gsl_matrix *dZ,
                        const gsl_matrix *W, double reg, gsl_matrix *dW)
{
    gsl_matrix_memcpy(dW, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
}

/* db = dZ^T 1  : column sums via dgemv with a vector of ones */
static void bias_grad(const gsl_matrix *dZ, gsl_vector *db)
{
    size_t n = dZ->size1;
    double one[n];
    for (size_t i = 0; i < n; i++)
        one[i] = 1.0;
    gsl_vector_view o = gsl_vector_view_array(one, n);
    gsl_blas_dgemv(CblasTrans, 1.0, dZ, &o.vector, 0.0, db);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    double dS[N][C];    /* scores grad */
    double dA[N][H];    /* hidden grad, before and after relu */
    gsl_matrix_view vS = VIEW(dS, N, C);
    gsl_matrix_view vA = VIEW(dA, N, H);

    /* softmax + CE */
    for (size_t i = 0; i < N; i++)
        for (size_t k = 0; k < C; k++)
            dS[i][k] = (IDX(cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0)) / N;
    gsl_matrix_memcpy(g->dz2, &vS.matrix);

    weight_grad(cache->p1, &vS.matrix, net->W2, reg, g->dW2);
    bias_grad(&vS.matrix, g->db2);

    /* back into the hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &vS.matrix, net->W2,
                   0.0, &vA.matrix);
    gsl_matrix_memcpy(g->dp1, &vA.matrix);

    /* relu' : multiply by the 0/1 mask */
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            dA[i][j] *= (IDX(cache->z1, i, j) > 0);
    gsl_matrix_memcpy(g->dz1, &vA.matrix);

    weight_grad(X, &vA.matrix, net->W1, reg, g->dW1);
    bias_grad(&vA.matrix, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
