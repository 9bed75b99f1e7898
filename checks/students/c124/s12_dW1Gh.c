// backward pass, 2-layer net
// shapes: X n x d, W1 d x h, W2 h x k
//   G = (P - Y)/n ; dW2 = A^T G + 2 reg W2 ; db2 = colsum G
//   Gh = G W2^T ; Gz = Gh o [Z1 > 0]
//   dW1 = X^T Gz + 2 reg W1 ; db1 = colsum Gz
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

static void colsum(const gsl_matrix *A, gsl_vector *s)
{
    gsl_vector *one = gsl_vector_alloc(A->size1);
    gsl_vector_set_all(one, 1.0);
    gsl_blas_dgemv(CblasTrans, 1.0, A, one, 0.0, s);
    gsl_vector_free(one);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n = X->size1, h = net->H, k = net->C;
    size_t i, j;
    gsl_matrix *G = g->dz2, *Gh = g->dp1, *Gz = g->dz1;

    for (i = 0; i < n; i++)
        for (j = 0; j < k; j++)
            gsl_matrix_set(G, i, j, gsl_matrix_get(cache->prob, i, j) / n);
    for (i = 0; i < n; i++)
        *gsl_matrix_ptr(G, i, y[i]) -= 1.0 / n;

    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, G, 2 * reg, g->dW2);
    colsum(G, g->db2);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, G, net->W2, 0.0, Gh);

    for (i = 0; i < n; i++)
        for (j = 0; j < h; j++)
            gsl_matrix_set(Gz, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(Gh, i, j) : 0.0);

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, Gh, 2 * reg, g->dW1);
    colsum(Gz, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
