/* Obinna K.  ML lab 3 - backprop */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;
    double tot;

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    /* output layer */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            double v = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i]) v -= 1.0;
            gsl_matrix_set(g->dz2, i, j, v / N);
        }
    }
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    for (j = 0; j < C; j++) {
        tot = 0.0;
        for (i = 0; i < N; i++) tot += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, tot);
    }

    /* hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu: only pass the gradient where it is positive */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(g->dp1, i, j) < 0) {
                *gsl_matrix_ptr(g->dz1, i, j) = 0.0;
            }
        }
    }

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    for (j = 0; j < H; j++) {
        tot = 0.0;
        for (i = 0; i < N; i++) tot += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, tot);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
