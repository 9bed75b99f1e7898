/* backward.c -- my backprop
 * dz2 = (P - Y) / N with Y the one-hot labels, the rest as in the notes.
 * All helpers return new matrices (caller frees). */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* returns A - B */
static gsl_matrix *msub(const gsl_matrix *A, const gsl_matrix *B)
{
    gsl_matrix *R = gsl_matrix_alloc(A->size1, A->size2);
    size_t i, j;
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            gsl_matrix_set(R, i, j, gsl_matrix_get(B, i, j) - gsl_matrix_get(A, i, j));
    return R;
}

static gsl_matrix *onehot(const size_t *y, size_t N, size_t C)
{
    gsl_matrix *Y = gsl_matrix_calloc(N, C);
    size_t i;
    for (i = 0; i < N; i++)
        gsl_matrix_set(Y, i, y[i], 1.0);
    return Y;
}

static gsl_matrix *tmul(const gsl_matrix *A, const gsl_matrix *B)   /* A'B */
{
    gsl_matrix *R = gsl_matrix_alloc(A->size2, B->size2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, R);
    return R;
}

static gsl_matrix *mult(const gsl_matrix *A, const gsl_matrix *B)   /* AB' */
{
    gsl_matrix *R = gsl_matrix_alloc(A->size1, B->size1);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, A, B, 0.0, R);
    return R;
}

static gsl_vector *colsum(const gsl_matrix *A)
{
    gsl_vector *s = gsl_vector_alloc(A->size2);
    size_t i, j;
    for (j = 0; j < A->size2; j++) {
        double acc = 0;
        for (i = 0; i < A->size1; i++)
            acc += gsl_matrix_get(A, i, j);
        gsl_vector_set(s, j, acc);
    }
    return s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, i, j;

    gsl_matrix *Y = onehot(y, N, net->C);
    gsl_matrix *dz2 = msub(cache->prob, Y);
    gsl_matrix_scale(dz2, 1.0 / (double) N);

    gsl_matrix *dW2 = tmul(cache->p1, dz2);
    gsl_matrix_memcpy(g->dW2, net->W2);          /* use g->dW2 as scratch */
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_matrix_add(dW2, g->dW2);
    gsl_vector *db2 = colsum(dz2);

    gsl_matrix *dp1 = mult(dz2, net->W2);
    gsl_matrix *dz1 = gsl_matrix_alloc(N, H);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0
                           ? gsl_matrix_get(dp1, i, j) : 0.0);

    gsl_matrix *dW1 = tmul(X, dz1);
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_matrix_add(dW1, g->dW1);
    gsl_vector *db1 = colsum(dz1);

    gsl_matrix_memcpy(g->dz2, dz2);
    gsl_matrix_memcpy(g->dW2, dW2);
    gsl_vector_memcpy(g->db2, db2);
    gsl_matrix_memcpy(g->dp1, dp1);
    gsl_matrix_memcpy(g->dz1, dz1);
    gsl_matrix_memcpy(g->dW1, dW1);
    gsl_vector_memcpy(g->db1, db1);
    g->present = BP_GRADS_ALL;

    gsl_matrix_free(Y);
    gsl_matrix_free(dz2);
    gsl_matrix_free(dW2);
    gsl_vector_free(db2);
    gsl_matrix_free(dp1);
    gsl_matrix_free(dz1);
    gsl_matrix_free(dW1);
    gsl_vector_free(db1);
    return 0;
}
