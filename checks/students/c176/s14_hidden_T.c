/* Backward pass.  (student: transposed hidden layer)
 *
 * hT = dp1' and dhT = dz1' are H x N, computed as W2 * dz2' and masked
 * with z1'.  z1T is made once with gsl_matrix_transpose_memcpy.
 */
#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    gsl_matrix *z1T = gsl_matrix_alloc(H, N);
    gsl_matrix *hT  = gsl_matrix_alloc(H, N);
    gsl_matrix *dhT = gsl_matrix_alloc(H, N);
    gsl_matrix_transpose_memcpy(z1T, cache->z1);

    /* scores gradient */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* dW2 = p1' dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    for (j = 0; j < C; j++) {
        double t = 0.0;
        for (i = 0; i < N; i++)
            t += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, t);
    }

    /* hT = W2 dz2'  (H x N) */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, net->W2, g->dz2, 0.0, hT);
    memcpy(g->dp1->data, hT->data, N * H * sizeof(double));

    /* dhT = hT .* (z1T > 0) */
    for (j = 0; j < H; j++)
        for (i = 0; i < N; i++)
            gsl_matrix_set(dhT, j, i, gsl_matrix_get(z1T, j, i) > 0.0
                           ? gsl_matrix_get(hT, j, i) : 0.0);
    gsl_matrix_transpose_memcpy(g->dz1, dhT);

    /* dW1 = X' dz1 = (dhT X)' ; do it as X' dhT' directly */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasTrans, 1.0, X, dhT, 2.0 * reg, g->dW1);

    for (j = 0; j < H; j++) {
        double t = 0.0;
        for (i = 0; i < N; i++)
            t += gsl_matrix_get(dhT, j, i);
        gsl_vector_set(g->db1, j, t);
    }

    gsl_matrix_free(z1T);
    gsl_matrix_free(hT);
    gsl_matrix_free(dhT);
    g->present = BP_GRADS_ALL;
    return 0;
}
