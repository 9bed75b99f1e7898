/* Assignment 2 - backward pass
 * helpers: matmul_AtB, matmul_ABt, colsum, relu_mask, add_scaled
 * (same ones for layer 2 and layer 1) */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* C := A' B */
static void matmul_AtB(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, C);
}

/* C := A B' */
static void matmul_ABt(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, A, B, 0.0, C);
}

/* v := sum of rows of A */
static void colsum(const gsl_matrix *A, gsl_vector *v)
{
    size_t i;
    gsl_vector_set_zero(v);
    for (i = 0; i < A->size1; i++)
    {
        gsl_vector_const_view row = gsl_matrix_const_row(A, i);
        gsl_vector_add(v, &row.vector);
    }
}

/* relu backward: out := grad where the pre-activation z was positive */
static void relu_mask(const gsl_matrix *grad, const gsl_matrix *z, gsl_matrix *out)
{
    size_t i, j;
    for (i = 0; i < out->size1; i++)
        for (j = 0; j < out->size2; j++)
        {
            double v = gsl_matrix_get(z, i, j) > 0.0 ? gsl_matrix_get(grad, i, j) : 0.0;
            gsl_matrix_set(out, i, j, v);
        }
}

/* A := A + a*B */
static void add_scaled(gsl_matrix *A, const gsl_matrix *B, double a)
{
    size_t i, j;
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            gsl_matrix_set(A, i, j, gsl_matrix_get(A, i, j) + a * gsl_matrix_get(B, i, j));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    gsl_matrix *dscores = g->dz2, *dhidden = g->dp1, *dpre = g->dz1;
    size_t N = X->size1, i;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix_memcpy(dscores, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1.0);
    gsl_matrix_scale(dscores, 1.0 / (double) N);

    /* layer 2 */
    matmul_AtB(cache->p1, dscores, g->dW2);
    add_scaled(g->dW2, net->W2, 2.0 * reg);
    colsum(dscores, g->db2);
    matmul_ABt(dscores, net->W2, dhidden);

    /* relu */
    relu_mask(cache->z1, dhidden, dpre);

    /* layer 1 */
    matmul_AtB(X, dpre, g->dW1);
    add_scaled(g->dW1, net->W1, 2.0 * reg);
    colsum(dpre, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
