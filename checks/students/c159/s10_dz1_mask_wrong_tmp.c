/* Backward pass of the two-layer net (HW3).
 * Temporaries:
 *   tmp1 (N,C)  dz2
 *   tmp2 (N,H)  dp1, masked in place to give dz1
 *   tmp3 (N,H)  copy of z1, for the relu mask
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;
    double s;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix *tmp1 = gsl_matrix_alloc(N, C);
    gsl_matrix *tmp2 = gsl_matrix_alloc(N, H);
    gsl_matrix *tmp3 = gsl_matrix_alloc(N, H);
    gsl_matrix_memcpy(tmp3, cache->z1);

    /* dz2 */
    gsl_matrix_memcpy(tmp1, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(tmp1, i, y[i], gsl_matrix_get(tmp1, i, y[i]) - 1.0);
    gsl_matrix_scale(tmp1, 1.0 / N);
    gsl_matrix_memcpy(g->dz2, tmp1);

    /* dW2 = p1' dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, tmp1, 2.0 * reg, g->dW2);

    /* db2 */
    for (j = 0; j < C; j++)
    {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(tmp1, i, j);
        gsl_vector_set(g->db2, j, s);
    }

    /* dp1 = dz2 W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, tmp1, net->W2, 0.0, tmp2);
    gsl_matrix_memcpy(g->dp1, tmp2);

    /* dz1: zero the entries where the relu was off */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(tmp2, i, j) <= 0.0)
                gsl_matrix_set(tmp2, i, j, 0.0);
    gsl_matrix_memcpy(g->dz1, tmp2);

    /* dW1 = X' dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, tmp2, 2.0 * reg, g->dW1);

    /* db1 */
    for (j = 0; j < H; j++)
    {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(tmp2, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    gsl_matrix_free(tmp1);
    gsl_matrix_free(tmp2);
    gsl_matrix_free(tmp3);
    g->present = BP_GRADS_ALL;
    return 0;
}
