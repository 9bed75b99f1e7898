/* backward.c - filled in template (two layer net)
 * dz1 is done in place: copy dp1, then zero the entries of dead units */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;
    gsl_matrix *dscores = g->dz2;
    gsl_matrix *dhidden = g->dz1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* 1. dz2: the gradient of the loss w.r.t. the scores */
    gsl_matrix_memcpy(dscores, cache->prob);
    for (i = 0; i < N; i++)
    {
        double p = gsl_matrix_get(dscores, i, y[i]);
        gsl_matrix_set(dscores, i, y[i], p - 1.0);
    }
    gsl_matrix_scale(dscores, 1.0 / (double)N);

    /* 2. dW2 = p1^T dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 1.0, g->dW2);

    /* 3. db2 = sum over samples */
    for (j = 0; j < net->C; j++)
    {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(dscores, i, j);
        gsl_vector_set(g->db2, j, s);
    }

    /* 4. dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, g->dp1);

    /* 5. dz1: relu, gradient only flows where z1 > 0 */
    gsl_matrix_memcpy(dhidden, g->dp1);
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < net->C; j++)
        {
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(dhidden, i, j, 0.0);
        }
    }

    /* 6. dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dhidden, 1.0, g->dW1);

    /* 7. db1 = sum over samples */
    for (j = 0; j < net->H; j++)
    {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(dhidden, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
