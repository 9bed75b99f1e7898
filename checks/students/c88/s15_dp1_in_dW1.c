/* backward.c
 * Everything is a matrix product, including the bias sums:
 *   db = 1' dZ   with 1 a (1,N) row of ones and db viewed as (1,M).
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;
    gsl_matrix *one_row;
    gsl_matrix_view db2 = gsl_matrix_view_vector(g->db2, 1, C);
    gsl_matrix_view db1 = gsl_matrix_view_vector(g->db1, 1, H);

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;
    one_row = gsl_matrix_alloc(1, N);
    gsl_matrix_set_all(one_row, 1.0);

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* layer 2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, one_row, g->dz2, 0.0, &db2.matrix);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu */
    for (size_t i = 0; i < N; i++)
    {
        for (size_t j = 0; j < H; j++)
        {
            double v = gsl_matrix_get(cache->z1, i, j) > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0;
            gsl_matrix_set(g->dz1, i, j, v);
        }
    }

    /* layer 1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dp1, 2.0 * reg, g->dW1);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, one_row, g->dz1, 0.0, &db1.matrix);

    gsl_matrix_free(one_row);
    g->present = BP_GRADS_ALL;
    return 0;
}
