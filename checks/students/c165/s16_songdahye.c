// Song Dahye, HW2 - backward pass of the two-layer net
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// bias: sum over N
static void sum_n(const gsl_matrix *dZ, gsl_vector *db)
{
    gsl_vector_set_zero(db);
    for (size_t i = 0; i < dZ->size1; i++)
        for (size_t j = 0; j < dZ->size2; j++)
            gsl_vector_set(db, j, gsl_vector_get(db, j) + gsl_matrix_get(dZ, i, j));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dz2 = (probs - onehot) / N
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < C; j++) {
            double v = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i]) v -= 1.0;
            gsl_matrix_set(g->dz2, i, j, v / N);
        }
    }

    // dW2, db2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    sum_n(g->dz2, g->db2);

    // dp1
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // dz1: copy dp1 and zero the entries where z1 <= 0
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < C; j++) {
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    // dW1, db1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    sum_n(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
