// backward.c  (hw4)
// - probabilities recomputed from the scores, max-shifted
// - z1 recomputed as b1 in every row, then += X W1 (dgemm with beta = 1)

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // ---- scores -> probs -> dscores (in g->dz2 directly)
    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view s = gsl_matrix_const_row(cache->z2, i);
        gsl_vector_view out = gsl_matrix_row(g->dz2, i);
        double m = gsl_vector_max(&s.vector), Z = 0.0;
        for (size_t k = 0; k < C; k++)
            Z += exp(gsl_vector_get(&s.vector, k) - m);
        for (size_t k = 0; k < C; k++) {
            double p = exp(gsl_vector_get(&s.vector, k) - m) / Z;
            gsl_vector_set(&out.vector, k, (k == y[i] ? p - 1.0 : p) / (double)N);
        }
    }

    // ---- layer 2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    for (size_t k = 0; k < C; k++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz2, k);
        double s = 0.0;
        for (size_t i = 0; i < N; i++) s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db2, k, s);
    }
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // ---- relu, with z1 recomputed
    gsl_matrix *z1 = gsl_matrix_alloc(N, H);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set_row(z1, i, net->b1);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, X, net->W1, 1.0, z1);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
    gsl_matrix_free(z1);

    // ---- layer 1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    for (size_t j = 0; j < H; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dp1, j);
        double s = 0.0;
        for (size_t i = 0; i < N; i++) s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
