#include <gsl/gsl_blas.h>
#include "backprop.h"

#define G(m,i,j)   gsl_matrix_get(m,i,j)
#define S(m,i,j,v) gsl_matrix_set(m,i,j,v)

int backward(const bp_net *, const gsl_matrix *, const size_t *, double,
             const bp_cache *, bp_grads *);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j, k;

    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            S(g->dz2, i, k, (G(cache->prob, i, k) - (k == y[i])) / N);

    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1, cache->p1, g->dz2, 2 * reg, g->dW2);
    for (k = 0; k < C; k++) {
        double s = 0;
        for (i = 0; i < N; i++) s += G(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1, g->dz2, net->W2, 0, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            S(g->dz1, i, j, G(cache->z1, i, j) > 0 ? G(g->dp1, i, j) : 0);

    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) {
            double s = 2 * reg * G(net->W1, i, j);
            for (k = 0; k < N - 1; k++) s += G(X, k, i) * G(g->dz1, k, j);
            S(g->dW1, i, j, s);
        }
    for (j = 0; j < H; j++) {
        double s = 0;
        for (i = 0; i < N; i++) s += G(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
