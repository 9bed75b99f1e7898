/*
 * Jang Hyejin -- HW2 (backward)
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* db[j] = sum_{i<n} dz[i][j] */
static void bias_sum(gsl_vector *db, const gsl_matrix *dz, size_t n)
{
    size_t i, j;

    gsl_vector_set_zero(db);
    for (i = 0; i < n; i++) {
        for (j = 0; j < db->size; j++) {
            double acc = gsl_vector_get(db, j) + gsl_matrix_get(dz, i, j);
            gsl_vector_set(db, j, acc);
        }
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    const size_t H = net->H;
    const size_t C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* ---- output layer ---- */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            double d = gsl_matrix_get(cache->prob, i, j) - (j == y[i] ? 1.0 : 0.0);
            gsl_matrix_set(g->dz2, i, j, d / (double)N);
        }
    }

    gsl_matrix_memcpy(g->dW2, net->W2);     /* reg part: 2*reg*W2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);
    bias_sum(g->db2, g->dz2, C);

    /* ---- hidden layer ---- */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double mask = gsl_matrix_get(cache->z1, i, j) > 0.0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, i, j, mask * gsl_matrix_get(g->dp1, i, j));
        }
    }

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                   2.0 * reg, g->dW1);
    bias_sum(g->db1, g->dz1, N);

    g->present = BP_GRADS_ALL;
    return 0;
}
