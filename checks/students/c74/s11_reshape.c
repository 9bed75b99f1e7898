/* backward.c
 *
 * Matrix products with dgemm into temporaries I allocate, then copied
 * into g.  Freed at the end.
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
    gsl_matrix *tmp2, *tmp1;
    gsl_vector *ones;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    tmp2 = gsl_matrix_alloc(H, C);   /* layer 2 weight grad */
    tmp1 = gsl_matrix_alloc(H, D);   /* layer 1 weight grad */
    ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* dW2 = p1^T dz2 (+ reg later) */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, tmp2);
    gsl_matrix_memcpy(g->dW2, tmp2);

    /* db2 */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    /* dp1 = dz2 W2^T, then relu */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0);

    /* dW1: dz1^T X gives (H x D); copy it over as a (D x H) block */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, g->dz1, X, 0.0, tmp1);
    memcpy(g->dW1->data, tmp1->data, D * H * sizeof(double));

    /* db1 */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    /* reg terms */
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
            *gsl_matrix_ptr(g->dW2, i, j) += 2 * reg * gsl_matrix_get(net->W2, i, j);
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
            *gsl_matrix_ptr(g->dW1, i, j) += 2 * reg * gsl_matrix_get(net->W1, i, j);

    gsl_matrix_free(tmp1);
    gsl_matrix_free(tmp2);
    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
