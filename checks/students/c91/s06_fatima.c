/* Fatima Haddad - CS assignment 2, backward()
 *
 * Loss first (I want to see it go down), then the gradients.
 */

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double loss_seen = 0.0;

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t C = net->C, H = net->H;
    size_t i, j;
    double tmp, expsum, shift;

    if (N != cache->N || X->size2 != net->D || g->N != N)
    {
        return 1;
    }

    loss_seen = 0.0;
    for (i = 0; i < N; i++)
    {
        /* shift by the max so exp doesnt overflow */
        shift = gsl_matrix_get (cache->z2, i, 0);
        for (j = 1; j < C; j++)
        {
            if (gsl_matrix_get (cache->z2, i, j) > shift)
                shift = gsl_matrix_get (cache->z2, i, j);
        }
        expsum = 0.0;
        for (j = 0; j < C; j++)
        {
            tmp = exp (gsl_matrix_get (cache->z2, i, j) - shift);
            expsum += tmp;
            /* softmax prob, used for dscores below */
            gsl_matrix_set (g->dz2, i, j, tmp);
        }
        /* -log p_y = log(sum) - (z_y - shift) */
        loss_seen += log (expsum) - (gsl_matrix_get (cache->z2, i, y[i]) - shift);
    }
    loss_seen /= N;
    tmp = 0.0;
    for (i = 0; i < net->D; i++)
        for (j = 0; j < H; j++)
            tmp += gsl_matrix_get (net->W1, i, j) * gsl_matrix_get (net->W1, i, j);
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
            tmp += gsl_matrix_get (net->W2, i, j) * gsl_matrix_get (net->W2, i, j);
    loss_seen += reg * tmp;

    /* gradient on the scores */
    for (i = 0; i < N; i++)
    {
        gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
    }
    gsl_matrix_scale (g->dz2, 1.0 / (double) N);

    /* second layer */
    gsl_matrix_memcpy (g->dW2, net->W2);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    for (j = 0; j < C; j++)
    {
        tmp = 0.0;
        for (i = 0; i < N; i++)
            tmp += gsl_matrix_get (g->dz2, i, j);
        gsl_vector_set (g->db2, j, tmp);
    }

    /* into the hidden layer, then through the relu */
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    gsl_matrix_memcpy (g->dz1, g->dp1);
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
                gsl_matrix_set (g->dz1, i, j, 0.0);
        }
    }

    /* first layer */
    gsl_matrix_memcpy (g->dW1, net->W1);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    for (j = 0; j < H; j++)
    {
        tmp = 0.0;
        for (i = 0; i < N; i++)
            tmp += gsl_matrix_get (g->dz1, i, j);
        gsl_vector_set (g->db1, j, tmp);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
