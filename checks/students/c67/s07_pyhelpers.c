/* backward.c -- the numpy version, translated.
 *
 * Small helpers that return a NEW matrix, so the gradients read like the
 * numpy code.  Every new matrix is remembered in a little list and freed
 * all together at the end (no garbage collector in C...).
 */
#include "backprop.h"

#define MAXTMP 32
static gsl_matrix *tmp[MAXTMP];
static int ntmp;

static gsl_matrix *fresh(size_t r, size_t c)
{
    gsl_matrix *m = gsl_matrix_calloc(r, c);
    if (m && ntmp < MAXTMP)
        tmp[ntmp++] = m;
    return m;
}

static void free_all(void)
{
    while (ntmp > 0)
        gsl_matrix_free(tmp[--ntmp]);
}

/* A @ B */
static gsl_matrix *matmul(const gsl_matrix *A, const gsl_matrix *B)
{
    gsl_matrix *R = fresh(A->size1, B->size2);
    for (size_t i = 0; i < A->size1; i++)
        for (size_t j = 0; j < B->size2; j++) {
            double s = 0;
            for (size_t k = 0; k < A->size2; k++)
                s += gsl_matrix_get(A, i, k) * gsl_matrix_get(B, k, j);
            gsl_matrix_set(R, i, j, s);
        }
    return R;
}

/* A.T */
static gsl_matrix *transpose(const gsl_matrix *A)
{
    gsl_matrix *R = fresh(A->size2, A->size1);
    gsl_matrix_transpose_memcpy(R, A);
    return R;
}

/* A * B elementwise */
static gsl_matrix *hadamard(const gsl_matrix *A, const gsl_matrix *B)
{
    gsl_matrix *R = fresh(A->size1, A->size2);
    gsl_matrix_memcpy(R, A);
    gsl_matrix_mul_elements(R, B);
    return R;
}

/* A + s * B */
static gsl_matrix *add_scaled(const gsl_matrix *A, double s, const gsl_matrix *B)
{
    gsl_matrix *R = fresh(A->size1, A->size2);
    for (size_t i = 0; i < A->size1; i++)
        for (size_t j = 0; j < A->size2; j++)
            gsl_matrix_set(R, i, j, gsl_matrix_get(A, i, j) + s * gsl_matrix_get(B, i, j));
    return R;
}

/* (z > 0).astype(float) */
static gsl_matrix *relu_grad(const gsl_matrix *Z)
{
    gsl_matrix *R = fresh(Z->size1, Z->size2);
    for (size_t i = 0; i < Z->size1; i++)
        for (size_t j = 0; j < Z->size2; j++)
            gsl_matrix_set(R, i, j, gsl_matrix_get(Z, i, j) > 0 ? 1.0 : 0.0);
    return R;
}

/* A.sum(axis=0) */
static void sum_axis0(const gsl_matrix *A, gsl_vector *out)
{
    gsl_vector_set_zero(out);
    for (size_t i = 0; i < A->size1; i++)
        for (size_t j = 0; j < A->size2; j++)
            gsl_vector_set(out, j, gsl_vector_get(out, j) + gsl_matrix_get(A, i, j));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dscores = probs.copy(); dscores[range(N), y] -= 1; dscores /= N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    gsl_matrix_memcpy(g->dW2, add_scaled(matmul(transpose(cache->p1), g->dz2), 2 * reg, net->W2));
    sum_axis0(g->dz2, g->db2);

    gsl_matrix_memcpy(g->dp1, matmul(g->dz2, transpose(net->W2)));
    gsl_matrix_memcpy(g->dz1, hadamard(g->dp1, relu_grad(cache->z1)));

    gsl_matrix_memcpy(g->dW1, add_scaled(matmul(transpose(X), g->dp1), 2 * reg, net->W1));
    sum_axis0(g->dz1, g->db1);

    free_all();
    g->present = BP_GRADS_ALL;
    return 0;
}
