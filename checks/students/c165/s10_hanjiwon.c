// Han Jiwon - HW2 backward pass
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// sum of rows -> bias gradient
static void bias_grad(const gsl_matrix *d, gsl_vector *db)
{
    for (size_t j = 0; j < d->size2; j++)
    {
        double s = 0.0;
        for (size_t i = 0; i < d->size1; i++)
            s += gsl_matrix_get(d, i, j);
        gsl_vector_set(db, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // loss -> scores
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    // W2 (+ L2), b2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
    bias_grad(g->dz2, g->db2);

    // hidden
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // relu backward: negative values -> 0
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            if (gsl_matrix_get(g->dz1, i, j) < 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);

    // W1 (+ L2), b1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
    bias_grad(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
