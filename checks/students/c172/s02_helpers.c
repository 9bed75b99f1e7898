/*
 * backward.c  --  CSC2516-style two-layer net, backward pass
 *
 * I split the backward pass into the same small layer helpers we wrote
 * for the forward pass, so the two affine layers share one function.
 *
 *   z1 = X W1 + b1      (N,H)
 *   p1 = relu(z1)       (N,H)
 *   z2 = p1 W2 + b2     (N,C)
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* dZ (N,C) = (P - onehot(y)) / N */
static void softmax_grad(const gsl_matrix *P, const size_t *y, gsl_matrix *dZ)
{
    const size_t n = P->size1;
    gsl_matrix_memcpy(dZ, P);
    for (size_t i = 0; i < n; ++i) {
        double *d = gsl_matrix_ptr(dZ, i, y[i]);
        *d -= 1.0;
    }
    gsl_matrix_scale(dZ, 1.0 / (double) n);
}

/* s (M) = column sums of A (N,M) */
static void col_sums(const gsl_matrix *A, gsl_vector *s)
{
    gsl_vector_set_zero(s);
    for (size_t i = 0; i < A->size1; ++i) {
        gsl_vector_const_view row = gsl_matrix_const_row(A, i);
        gsl_vector_add(s, &row.vector);
    }
}

/* One affine layer, Z = A W + b:
 *   dW (K,M) = A' dZ + 2 reg W
 *   db (M)   = colsum dZ
 *   dA (N,K) = dZ W'            (skipped when dA is NULL)        */
static void affine_grad(const gsl_matrix *dZ, const gsl_matrix *A,
                        const gsl_matrix *W, double reg,
                        gsl_matrix *dA, gsl_matrix *dW, gsl_vector *db)
{
    gsl_matrix_memcpy(dW, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
    col_sums(dZ, db);
    if (dA != NULL)
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dZ, W, 0.0, dA);
}

/* dZ (N,H) = dP .* [Z > 0] */
static void relu_grad(const gsl_matrix *dP, const gsl_matrix *Z, gsl_matrix *dZ)
{
    for (size_t i = 0; i < Z->size1; ++i)
        for (size_t j = 0; j < Z->size2; ++j) {
            const double z = gsl_matrix_get(Z, i, j);
            gsl_matrix_set(dZ, i, j, z > 0.0 ? gsl_matrix_get(dP, i, j) : 0.0);
        }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    softmax_grad(cache->prob, y, g->dz2);                              /* 1 */
    affine_grad(g->dz2, cache->p1, net->W2, reg, g->dp1, g->dW2, g->db2); /* 2-4 */
    relu_grad(g->dp1, cache->z1, g->dz1);                              /* 5 */
    affine_grad(g->dz1, X, net->W1, reg, NULL, g->dW1, g->db1);        /* 6-7 */

    g->present = BP_GRADS_ALL;
    return 0;
}
