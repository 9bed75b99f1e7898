/* Backward pass for the 2-layer net.
 * Student: recomputes the probabilities from the scores because the
 * cache could be from another batch. */

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j, k;
    gsl_matrix *E;

    if (N != cache->N || X->size2 != net->D || g->N != N)
    {
        return 1;
    }

    /* E = exp(scores) */
    E = gsl_matrix_alloc(N, C);
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
        {
            gsl_matrix_set(E, i, k, exp(gsl_matrix_get(cache->z2, i, k)));
        }
    }

    /* normalise so the probabilities sum to one */
    for (k = 0; k < C; k++)
    {
        double tot = 0.0;
        for (i = 0; i < N; i++) tot += gsl_matrix_get(E, i, k);
        for (i = 0; i < N; i++)
        {
            gsl_matrix_set(E, i, k, gsl_matrix_get(E, i, k) / tot);
        }
    }

    /* dscores = (probs - onehot) / N */
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
        {
            double v = gsl_matrix_get(E, i, k) - (k == y[i] ? 1.0 : 0.0);
            gsl_matrix_set(g->dz2, i, k, v / (double) N);
        }
    }
    gsl_matrix_free(E);

    /* second layer */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);
    for (k = 0; k < C; k++)
    {
        double s = 0.0;
        for (i = 0; i < N; i++)
        {
            s += gsl_matrix_get(g->dz2, i, k);
        }
        gsl_vector_set(g->db2, k, s);
    }

    /* back into the hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            double keep = gsl_matrix_get(cache->z1, i, j) > 0.0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, i, j, keep * gsl_matrix_get(g->dp1, i, j));
        }
    }

    /* first layer */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    for (j = 0; j < H; j++)
    {
        double s = 0.0;
        for (i = 0; i < N; i++)
        {
            s += gsl_matrix_get(g->dz1, i, j);
        }
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
