/*  backward.c  --  backprop for the 2 layer net (assignment 3)
 *
 *  gradients are averaged over the batch, so every gemm result that
 *  sums over samples gets a 1/N afterwards.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t batch = X->size1;
    size_t hidden = net->H, classes = net->C;
    size_t i, j;

    if (batch != cache->N || X->size2 != net->D || g->N != batch)
    {
        return 1;
    }

    /* dz2 = (p - y_onehot) / N */
    for (i = 0; i < batch; i++)
    {
        for (j = 0; j < classes; j++)
        {
            double v = gsl_matrix_get(cache->prob, i, j) - (j == y[i] ? 1.0 : 0.0);
            gsl_matrix_set(g->dz2, i, j, v / (double) batch);
        }
    }

    /* dW2 = p1^T dz2, averaged, then the regularisation */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    gsl_matrix_scale(g->dW2, 1.0 / (double) batch);
    for (i = 0; i < hidden; i++)
    {
        for (j = 0; j < classes; j++)
        {
            *gsl_matrix_ptr(g->dW2, i, j) += 2.0 * reg * gsl_matrix_get(net->W2, i, j);
        }
    }

    /* db2 = column sums of dz2 */
    for (j = 0; j < classes; j++)
    {
        double acc = 0.0;
        for (i = 0; i < batch; i++)
        {
            acc += gsl_matrix_get(g->dz2, i, j);
        }
        gsl_vector_set(g->db2, j, acc);
    }

    /* dp1 = dz2 W2^T, and dz1 from a copy of it */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < batch; i++)
    {
        for (j = 0; j < hidden; j++)
        {
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
            {
                gsl_matrix_set(g->dz1, i, j, 0.0);
            }
        }
    }

    /* dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1 */
    for (j = 0; j < hidden; j++)
    {
        double acc = 0.0;
        for (i = 0; i < batch; i++)
        {
            acc += gsl_matrix_get(g->dz1, i, j);
        }
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
