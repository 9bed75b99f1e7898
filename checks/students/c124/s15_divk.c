/* backward.c -- softmax / CE head, then two affine layers with a relu
 * between.  n samples, k classes, h hidden units.
 *
 *   G = (P - Y) / n      (the loss is the mean over the batch)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define E(A,i,j) (A)->data[(i)*(A)->tda+(j)]

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n = X->size1, h = net->H, k = net->C, i, j;
    gsl_matrix *G = g->dz2, *Gh = g->dp1, *Gz = g->dz1;
    gsl_vector *u = gsl_vector_alloc(n);

    if (!u) return 1;
    gsl_vector_set_all(u, 1.0);

    for (i = 0; i < n; i++) {
        for (j = 0; j < k; j++)
            E(G,i,j) = E(cache->prob,i,j);
        E(G,i,y[i]) -= 1.0;
    }
    gsl_matrix_scale(G, 1.0/k);

    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, G, 2*reg, g->dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, G, u, 0.0, g->db2);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, G, net->W2, 0.0, Gh);

    for (i = 0; i < n; i++)
        for (j = 0; j < h; j++)
            E(Gz,i,j) = E(cache->z1,i,j) > 0.0 ? E(Gh,i,j) : 0.0;

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, Gz, 2*reg, g->dW1);
    gsl_blas_dgemv(CblasTrans, 1.0, Gz, u, 0.0, g->db1);

    gsl_vector_free(u);
    g->present = BP_GRADS_ALL;
    return 0;
}
