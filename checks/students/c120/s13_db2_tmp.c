/* backward.c
 *
 * Backward pass for the 2-layer net.  Helper functions at the top do the
 * linear algebra; backward() only calls them.
 *
 *   delta = probs - onehot          (N x C)
 *   dz2   = delta / N
 *   dW2   = p1^T dz2 + 2 reg W2,  db2 = sum_rows dz2
 *   dp1   = dz2 W2^T,  dz1 = dp1 * (z1 > 0)
 *   dW1   = X^T dz1 + 2 reg W1,   db1 = sum_rows dz1
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void matmul_AtB(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, C);
}

static void matmul_ABt(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, A, B, 0.0, C);
}

static void colsum(const gsl_matrix *A, gsl_vector *v)
{
    gsl_vector_set_zero(v);
    for (size_t i = 0; i < A->size1; i++)
    {
        gsl_vector_const_view row = gsl_matrix_const_row(A, i);
        gsl_blas_daxpy(1.0, &row.vector, v);
    }
}

static void hadamard(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
    gsl_matrix_memcpy(C, A);
    gsl_matrix_mul_elements(C, B);
}

static void relu_mask(const gsl_matrix *Z, gsl_matrix *M)
{
    for (size_t i = 0; i < Z->size1; i++)
        for (size_t j = 0; j < Z->size2; j++)
            gsl_matrix_set(M, i, j, gsl_matrix_get(Z, i, j) > 0 ? 1.0 : 0.0);
}

static void add_scaled(gsl_matrix *A, const gsl_matrix *B, double s)
{
    for (size_t i = 0; i < A->size1; i++)
    {
        gsl_vector_view a = gsl_matrix_row(A, i);
        gsl_vector_const_view b = gsl_matrix_const_row(B, i);
        gsl_blas_daxpy(s, &b.vector, &a.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    gsl_matrix *delta, *mask;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    delta = gsl_matrix_alloc(N, net->C);
    mask = gsl_matrix_alloc(N, net->H);

    /* delta = probs - onehot */
    gsl_matrix_memcpy(delta, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(delta, i, y[i], gsl_matrix_get(delta, i, y[i]) - 1.0);

    colsum(delta, g->db2);                 /* db2 = sum over the batch */
    gsl_matrix_scale(delta, 1.0 / N);
    gsl_matrix_memcpy(g->dz2, delta);

    matmul_AtB(cache->p1, g->dz2, g->dW2);
    add_scaled(g->dW2, net->W2, 2 * reg);
    matmul_ABt(g->dz2, net->W2, g->dp1);

    relu_mask(cache->z1, mask);
    hadamard(g->dp1, mask, g->dz1);

    matmul_AtB(X, g->dz1, g->dW1);
    add_scaled(g->dW1, net->W1, 2 * reg);
    colsum(g->dz1, g->db1);

    gsl_matrix_free(mask);
    gsl_matrix_free(delta);
    g->present = BP_GRADS_ALL;
    return 0;
}
