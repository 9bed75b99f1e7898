/* ==========================================================
 *  Exercise 4.2: backward pass by hand
 *  Maximilian Koch
 * ========================================================== */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    const size_t H = net->H, C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
    {
        return 1;
    }

    /* dz2 */
    for (size_t i = 0; i < N; i++)
    {
        for (size_t c = 0; c < C; c++)
        {
            double t = (c == y[i]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, i, c, (gsl_matrix_get(cache->prob, i, c) - t) / N);
        }
    }

    /* dW2 (H x C) */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    /* db2 (C) */
    gsl_vector_set_zero(g->db2);
    for (size_t i = 0; i < N; i++)
    {
        for (size_t c = 0; c < C; c++)
        {
            gsl_vector_set(g->db2, c, gsl_vector_get(g->db2, c) + gsl_matrix_get(g->dz2, i, c));
        }
    }

    /* dp1 (N x H) = dz2 * W2^T, written out */
    for (size_t i = 0; i < N; i++)
    {
        double sum = 0.0;
        for (size_t h = 0; h < H; h++)
        {
            for (size_t c = 0; c < C; c++)
            {
                sum += gsl_matrix_get(g->dz2, i, c) * gsl_matrix_get(net->W2, h, c);
            }
            gsl_matrix_set(g->dp1, i, h, sum);
        }
    }

    /* dz1 (N x H) */
    for (size_t i = 0; i < N; i++)
    {
        for (size_t h = 0; h < H; h++)
        {
            double z = gsl_matrix_get(cache->z1, i, h);
            gsl_matrix_set(g->dz1, i, h, z > 0.0 ? gsl_matrix_get(g->dp1, i, h) : 0.0);
        }
    }

    /* dW1 (D x H) */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1 (H) */
    gsl_vector_set_zero(g->db1);
    for (size_t i = 0; i < N; i++)
    {
        for (size_t h = 0; h < H; h++)
        {
            gsl_vector_set(g->db1, h, gsl_vector_get(g->db1, h) + gsl_matrix_get(g->dz1, i, h));
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
