/*********************************************************************
 * backward.c  -  ML course, homework "backprop in C"
 *
 * Shapes:  X NxD, W1 DxH, p1 NxH, W2 HxC, scores NxC.
 * Naming:  dS = dL/dscores, dH = dL/dp1, dHraw = dL/dz1.
 * My helpers return a new gsl object; I free everything at the end.
 *********************************************************************/
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *MxM(const gsl_matrix *A, CBLAS_TRANSPOSE_t tA,
                       const gsl_matrix *B, CBLAS_TRANSPOSE_t tB)
{
    gsl_matrix *C = gsl_matrix_alloc((tA == CblasTrans) ? A->size2 : A->size1,
                                     (tB == CblasTrans) ? B->size1 : B->size2);
    gsl_blas_dgemm(tA, tB, 1.0, A, B, 0.0, C);
    return C;
}

/* A + alpha*B */
static gsl_matrix *AplusB(const gsl_matrix *A, double alpha, const gsl_matrix *B)
{
    gsl_matrix *C = gsl_matrix_alloc(A->size1, A->size2);
    gsl_matrix_memcpy(C, B);
    gsl_matrix_scale(C, alpha);
    gsl_matrix_add(C, A);
    return C;
}

/* upstream .* 1[Z>0] */
static gsl_matrix *ReluBack(const gsl_matrix *up, const gsl_matrix *Z)
{
    gsl_matrix *C = gsl_matrix_alloc(up->size1, up->size2);
    for (size_t i = 0; i < up->size1; i++) {
        for (size_t j = 0; j < up->size2; j++) {
            double z = gsl_matrix_get(Z, i, j);
            gsl_matrix_set(C, i, j, (z > 0) ? gsl_matrix_get(up, i, j) : 0.0);
        }
    }
    return C;
}

static gsl_vector *SumCols(const gsl_matrix *A)
{
    gsl_vector *v = gsl_vector_calloc(A->size2);
    for (size_t i = 0; i < A->size1; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(A, i);
        gsl_vector_add(v, &row.vector);
    }
    return v;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    gsl_matrix *dS = gsl_matrix_alloc(N, net->C);
    gsl_matrix_memcpy(dS, cache->prob);
    for (size_t n = 0; n < N; n++) {
        gsl_matrix_set(dS, n, y[n], gsl_matrix_get(dS, n, y[n]) - 1.0);
    }
    gsl_matrix_scale(dS, 1.0 / (double)N);

    gsl_matrix *dW2   = AplusB(MxM(cache->p1, CblasTrans, dS, CblasNoTrans), 2.0 * reg, net->W2);
    gsl_vector *db2   = SumCols(dS);
    gsl_matrix *dH    = MxM(dS, CblasNoTrans, net->W2, CblasTrans);
    gsl_matrix *dHraw = ReluBack(dH, cache->z1);
    gsl_matrix *dW1   = AplusB(MxM(X, CblasTrans, dHraw, CblasNoTrans), 2.0 * reg, net->W1);
    gsl_vector *db1   = SumCols(dH);

    gsl_matrix_memcpy(g->dz2, dS);
    gsl_matrix_memcpy(g->dW2, dW2);
    gsl_vector_memcpy(g->db2, db2);
    gsl_matrix_memcpy(g->dp1, dH);
    gsl_matrix_memcpy(g->dz1, dHraw);
    gsl_matrix_memcpy(g->dW1, dW1);
    gsl_vector_memcpy(g->db1, db1);

    gsl_matrix_free(dS);  gsl_matrix_free(dW2);   gsl_vector_free(db2);
    gsl_matrix_free(dH);  gsl_matrix_free(dHraw); gsl_matrix_free(dW1);
    gsl_vector_free(db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
