// Two-layer net, backward.  Lab 4.
// Transposed copies of W2, X and p1 are made first with
// gsl_matrix_transpose_memcpy so that every product below is a plain
// NoTrans x NoTrans dgemm (I never remember which CblasTrans goes where).

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    gsl_matrix *W2T = gsl_matrix_alloc(C, H);
    gsl_matrix *XT  = gsl_matrix_alloc(D, N);
    gsl_matrix *P1T = gsl_matrix_alloc(H, N);
    gsl_matrix_transpose_memcpy(W2T, net->W2);
    gsl_matrix_transpose_memcpy(XT, X);
    gsl_matrix_transpose_memcpy(P1T, cache->p1);

    // dscores
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
    {
        double v = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], v - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    // dW2 = P1T * dz2 + 2*reg*W2   (beta trick: start from W2)
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, P1T, g->dz2,
                   2.0 * reg, g->dW2);

    // db2
    for (j = 0; j < C; j++)
    {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, acc);
    }

    // dp1 = dz2 * W2T
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2T, 0.0, g->dp1);

    // dz1 : relu gate
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
        {
            double zz = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j,
                           zz > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
        }

    // dW1 = XT * dz1 + 2*reg*W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, XT, g->dz1,
                   2.0 * reg, g->dW1);

    // db1
    for (j = 0; j < H; j++)
    {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, acc);
    }

    gsl_matrix_free(W2T);
    gsl_matrix_free(XT);
    gsl_matrix_free(P1T);

    g->present = BP_GRADS_ALL;
    return 0;
}
