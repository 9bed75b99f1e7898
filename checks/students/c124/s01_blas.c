/* backward.c -- two-layer net, backward pass
 *
 *   Z1 = X W1 + 1 b1'    A = relu(Z1)    Z2 = A W2 + 1 b2'    P = softmax(Z2)
 *   L  = -(1/n) sum_i log P[i,y_i] + r (|W1|^2 + |W2|^2)
 *
 * G = dL/dZ2, Gh = dL/dA, Gz = dL/dZ1.  Everything with dgemm/dgemv. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n = X->size1, h = net->H, i, j;
    gsl_matrix *G = g->dz2, *Gh = g->dp1, *Gz = g->dz1;
    gsl_vector *e;

    if (n != cache->N || g->N != n)
        return 1;
    e = gsl_vector_alloc(n);
    gsl_vector_set_all(e, 1.0);

    /* G = (P - Y)/n */
    gsl_matrix_memcpy(G, cache->prob);
    for (i = 0; i < n; i++)
        *gsl_matrix_ptr(G, i, y[i]) -= 1.0;
    gsl_matrix_scale(G, 1.0/n);

    /* dW2 = A'G + 2r W2,  db2 = G'e */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, G, 2*reg, g->dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, G, e, 0.0, g->db2);

    /* Gh = G W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, G, net->W2, 0.0, Gh);

    /* Gz = Gh .* [Z1 > 0] */
    for (i = 0; i < n; i++)
        for (j = 0; j < h; j++)
            gsl_matrix_set(Gz, i, j, gsl_matrix_get(cache->z1, i, j) > 0
                           ? gsl_matrix_get(Gh, i, j) : 0.0);

    /* dW1 = X'Gz + 2r W1,  db1 = Gz'e */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, Gz, 2*reg, g->dW1);
    gsl_blas_dgemv(CblasTrans, 1.0, Gz, e, 0.0, g->db1);

    gsl_vector_free(e);
    g->present = BP_GRADS_ALL;
    return 0;
}
