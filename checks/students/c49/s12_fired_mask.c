/* ============================================================
 *  backward.c  --  backprop for the 2-layer ReLU net
 *  Machine Learning (applied maths), homework 5
 *
 *  The ReLU passes gradient only through units that fired, so I
 *  build a 0/1 mask from the hidden activations p1 and multiply.
 * ============================================================ */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* ---------- helpers: every one returns a new object ---------- */

static gsl_matrix *
mm(const gsl_matrix *A, CBLAS_TRANSPOSE_t ta, const gsl_matrix *B, CBLAS_TRANSPOSE_t tb)
{
    gsl_matrix *C = gsl_matrix_alloc(ta == CblasTrans ? A->size2 : A->size1,
                                     tb == CblasTrans ? B->size1 : B->size2);
    gsl_blas_dgemm(ta, tb, 1.0, A, B, 0.0, C);
    return C;
}

static gsl_matrix *
lincomb(double a, const gsl_matrix *A, double b, const gsl_matrix *B)
{
    gsl_matrix *C = gsl_matrix_alloc(A->size1, A->size2);
    gsl_matrix *tmp = gsl_matrix_alloc(B->size1, B->size2);
    gsl_matrix_memcpy(C, A);
    gsl_matrix_scale(C, a);
    gsl_matrix_memcpy(tmp, B);
    gsl_matrix_scale(tmp, b);
    gsl_matrix_add(C, tmp);
    gsl_matrix_free(tmp);
    return C;
}

/* mask of the units that are active */
static gsl_matrix *
relu_mask(const gsl_matrix *act)
{
    gsl_matrix *M = gsl_matrix_alloc(act->size1, act->size2);
    size_t i, j;
    for (i = 0; i < act->size1; i++)
        for (j = 0; j < act->size2; j++)
            gsl_matrix_set(M, i, j, gsl_matrix_get(act, i, j) >= 0.0 ? 1.0 : 0.0);
    return M;
}

static gsl_matrix *
hadamard(const gsl_matrix *A, const gsl_matrix *B)
{
    gsl_matrix *C = gsl_matrix_alloc(A->size1, A->size2);
    gsl_matrix_memcpy(C, A);
    gsl_matrix_mul_elements(C, B);
    return C;
}

static gsl_vector *
colsum(const gsl_matrix *A)
{
    gsl_vector *ones = gsl_vector_alloc(A->size1), *s = gsl_vector_alloc(A->size2);
    gsl_vector_set_all(ones, 1.0);
    gsl_blas_dgemv(CblasTrans, 1.0, A, ones, 0.0, s);
    gsl_vector_free(ones);
    return s;
}

static gsl_matrix *
onehot(const size_t *lab, size_t n, size_t k)
{
    gsl_matrix *Y = gsl_matrix_calloc(n, k);
    size_t i;
    for (i = 0; i < n; i++)
        gsl_matrix_set(Y, i, lab[i], 1.0);
    return Y;
}

/* ---------- backward ---------- */

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix *Y   = onehot(y, N, net->C);
    gsl_matrix *dz2 = lincomb(1.0 / N, cache->prob, -1.0 / N, Y);
    gsl_matrix *dW2 = lincomb(1.0, mm(cache->p1, CblasTrans, dz2, CblasNoTrans), 2 * reg, net->W2);
    gsl_vector *db2 = colsum(dz2);
    gsl_matrix *dp1 = mm(dz2, CblasNoTrans, net->W2, CblasTrans);
    gsl_matrix *dz1 = hadamard(dp1, relu_mask(cache->p1));
    gsl_matrix *dW1 = lincomb(1.0, mm(X, CblasTrans, dz1, CblasNoTrans), 2 * reg, net->W1);
    gsl_vector *db1 = colsum(dz1);

    gsl_matrix_memcpy(g->dz2, dz2);
    gsl_matrix_memcpy(g->dW2, dW2);
    gsl_vector_memcpy(g->db2, db2);
    gsl_matrix_memcpy(g->dp1, dp1);
    gsl_matrix_memcpy(g->dz1, dz1);
    gsl_matrix_memcpy(g->dW1, dW1);
    gsl_vector_memcpy(g->db1, db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
