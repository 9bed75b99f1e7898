/* 2-layer net: backprop.
   n = batch, h = hidden, k = classes.  G = dL/dZ2, Gh = dL/dA, Gz = dL/dZ1. */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(A, i, j) (*gsl_matrix_ptr((A), (i), (j)))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n = X->size1, h = net->H, k = net->C, i, j;
    gsl_matrix *G = g->dz2, *Gh = g->dp1, *Gz = g->dz1;
    double s;

    gsl_matrix_memcpy(G, cache->prob);
    for (i = 0; i < n; i++) AT(G, i, y[i]) -= 1;
    gsl_matrix_scale(G, 1.0 / n);

    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1, cache->p1, G, 2*reg, g->dW2);

    for (j = 0; j < k; j++) {
        for (s = 0, i = 0; i < n; i++) s += AT(G, i, j);
        gsl_vector_set(g->db2, j, s / n);
    }

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1, G, net->W2, 0, Gh);

    for (i = 0; i < n; i++)
        for (j = 0; j < h; j++)
            AT(Gz, i, j) = gsl_matrix_get(cache->z1, i, j) > 0 ? AT(Gh, i, j) : 0;

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1, X, Gz, 2*reg, g->dW1);

    for (j = 0; j < h; j++) {
        for (s = 0, i = 0; i < n; i++) s += AT(Gz, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
