/* backward pass
 * affine layer Z = A W + 1 b':  dW = A'G + 2rW,  db = G'1,  dA = G W'
 * written once (aff_bw) and used for both layers. */
#include <gsl/gsl_blas.h>
#include "backprop.h"

static void aff_bw(const gsl_matrix *A, const gsl_matrix *G, const gsl_matrix *W,
                   double r, gsl_matrix *dW, gsl_vector *db, gsl_matrix *dA)
{
    size_t i;
    gsl_matrix_memcpy(dW, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1, A, G, r, dW);
    gsl_vector_set_zero(db);
    for (i = 0; i < G->size1; i++) {
        gsl_vector_const_view gi = gsl_matrix_const_row(G, i);
        gsl_vector_add(db, &gi.vector);
    }
    if (dA)
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1, G, W, 0, dA);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n = X->size1, h = net->H, k = net->C, i, j;
    gsl_matrix *G = g->dz2;

    /* G = (P - Y)/n */
    for (i = 0; i < n; i++)
        for (j = 0; j < k; j++)
            gsl_matrix_set(G, i, j,
                (gsl_matrix_get(cache->prob, i, j) - (y[i] == j ? 1.0 : 0.0)) / (double)n);

    aff_bw(cache->p1, G, net->W2, reg, g->dW2, g->db2, g->dp1);

    /* relu' */
    for (i = 0; i < n; i++)
        for (j = 0; j < h; j++)
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0.0
                                         ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    aff_bw(X, g->dz1, net->W1, reg, g->dW1, g->db1, NULL);

    g->present = BP_GRADS_ALL;
    return 0;
}
