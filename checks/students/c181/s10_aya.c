// Aya Hamdy -- backprop (assignment 3)
// I used dgemm for all the products, it gives the same as my loops version.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// column sums, for db1 and db2
static void sum_cols(const gsl_matrix *M, gsl_vector *v)
{
    size_t i, j;
    for (j = 0; j < M->size2; j++) {
        double t = 0.0;
        for (i = 0; i < M->size1; i++)
            t += gsl_matrix_get(M, i, j);
        gsl_vector_set(v, j, t);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // ---------- delta3 ----------
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    // ---------- layer 2 ----------
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    sum_cols(g->dz2, g->db2);

    // ---------- back through W2 ----------
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // delta2 = dp1 where z1 > 0
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    // ---------- layer 1 ----------
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    sum_cols(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
