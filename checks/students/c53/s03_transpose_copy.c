/*
 * DL assignment 2 - backward()
 * I recompute the softmax from the scores instead of using cache->prob,
 * so the gradient does not depend on how the forward pass stored it.
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* C = A^T B, with an explicit transposed copy of A */
static void matmul_At_B(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
    gsl_matrix *At = gsl_matrix_alloc(A->size2, A->size1);
    gsl_matrix_transpose_memcpy(At, A);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, At, B, 0.0, C);
    gsl_matrix_free(At);
}

static void column_sums(const gsl_matrix *A, gsl_vector *out)
{
    size_t j, i;
    for (j = 0; j < A->size2; j++)
    {
        gsl_vector_const_view col = gsl_matrix_const_column(A, j);
        double s = 0.0;
        for (i = 0; i < col.vector.size; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(out, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
    {
        return 1;
    }

    /* delta at the output */
    for (i = 0; i < N; i++)
    {
        double mx = gsl_matrix_get(cache->z2, i, 0), sum = 0.0;
        for (j = 1; j < C; j++)
            if (gsl_matrix_get(cache->z2, i, j) > mx)
                mx = gsl_matrix_get(cache->z2, i, j);
        for (j = 0; j < C; j++)
            sum += exp(gsl_matrix_get(cache->z2, i, j) - mx);
        for (j = 0; j < C; j++)
        {
            double p = exp(gsl_matrix_get(cache->z2, i, j) - mx) / sum;
            double t = (j == y[i]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, i, j, (p - t) / (double) N);
        }
    }

    matmul_At_B(cache->p1, g->dz2, g->dW2);
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
            gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j)
                           + 2.0 * reg * gsl_matrix_get(net->W2, i, j));
    column_sums(g->dz2, g->db2);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    matmul_At_B(X, g->dz1, g->dW1);
    for (i = 0; i < net->D; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j)
                           + 2.0 * reg * gsl_matrix_get(net->W1, i, j));
    column_sums(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
