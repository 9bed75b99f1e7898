/* backward.c  -  assignment 3
 * Tanaka Yuki (1W21C093)
 *
 * One helper for an affine layer, used twice (layer 2 then layer 1).
 * Bias gradient is also a product:  db (1 x M) = 1 (1 x N) * dZ (N x M),
 * with db seen as a 1-row matrix through a view.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* dW = In^T dZ + 2 reg W,  db = 1^T dZ,  dIn = dZ W^T (if dIn != NULL) */
static void
affine_back(const gsl_matrix *dZ, const gsl_matrix *In, const gsl_matrix *W,
            double reg, const gsl_matrix *one,
            gsl_matrix *dW, gsl_vector *db, gsl_matrix *dIn)
{
    gsl_matrix_view dbm = gsl_matrix_view_vector(db, 1, db->size);

    gsl_matrix_memcpy(dW, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, In, dZ, 2.0 * reg, dW);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, one, dZ, 0.0, &dbm.matrix);
    if (dIn != NULL)
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dZ, W, 0.0, dIn);
}

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;
    gsl_matrix *one;

    if (N != cache->N || g->N != N)
        return 1;

    one = gsl_matrix_alloc(1, N);
    gsl_matrix_set_all(one, 1.0);

    /* dz2 = (prob - onehot) / N, done in place on g->dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* layer 2 : gives dW2, db2 and dp1 */
    affine_back(g->dz2, cache->p1, net->W2, reg, one, g->dW2, g->db2, g->dp1);

    /* relu */
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0
                           ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* layer 1 : dW1, db1 (no dX needed) */
    affine_back(g->dz1, X, net->W1, reg, one, g->dW1, g->db1, NULL);

    gsl_matrix_free(one);
    g->present = BP_GRADS_ALL;
    return 0;
}
