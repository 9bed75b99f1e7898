// backward.c -- compito per casa n.3
// Rizzo Giorgio
//
// z1 = X W1 + b1, p1 = relu(z1), z2 = p1 W2 + b2

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    const size_t N = X->size1;
    const size_t H = net->H, C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dz2
    for (size_t i = 0; i < N; i++) {
        for (size_t c = 0; c < C; c++) {
            double p = gsl_matrix_get(cache->prob, i, c);
            gsl_matrix_set(g->dz2, i, c, (c == y[i] ? p - 1.0 : p) / N);
        }
    }

    // grad_pesi_uscita: ingresso dello strato di uscita trasposto per dz2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->z1, g->dz2,
                   2.0 * reg, g->dW2);

    // bias_uscita
    for (size_t c = 0; c < C; c++) {
        double somma = 0.0;
        for (size_t i = 0; i < N; i++)
            somma += gsl_matrix_get(g->dz2, i, c);
        gsl_vector_set(g->db2, c, somma);
    }

    // dp1 = dz2 W2'
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // dz1
    for (size_t i = 0; i < N; i++) {
        for (size_t h = 0; h < H; h++) {
            double z = gsl_matrix_get(cache->z1, i, h);
            gsl_matrix_set(g->dz1, i, h, z > 0 ? gsl_matrix_get(g->dp1, i, h) : 0.0);
        }
    }

    // grad_pesi_nascosti
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    // bias_nascosto
    for (size_t h = 0; h < H; h++) {
        double somma = 0.0;
        for (size_t i = 0; i < N; i++)
            somma += gsl_matrix_get(g->dz1, i, h);
        gsl_vector_set(g->db1, h, somma);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
