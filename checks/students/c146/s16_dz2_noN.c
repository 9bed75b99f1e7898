/* 深度学习 HW3 -- 反向传播
 * 按照 cs231n 的写法: dscores -> dW2/db2 -> dhidden -> dW1/db1
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int num_train = (int)X->size1;
    int i, j;
    gsl_matrix *dscores = g->dz2;
    gsl_matrix *dhidden = g->dp1;

    if (num_train != (int)cache->N)
    {
        return 1;
    }

    /* dscores = probs - onehot(y) */
    for (i = 0; i < num_train; i++)
    {
        for (j = 0; j < (int)net->C; j++)
        {
            double p = gsl_matrix_get(cache->prob, i, j);
            gsl_matrix_set(dscores, i, j, (size_t)j == y[i] ? p - 1.0 : p);
        }
    }

    /* dW2 = hidden^T . dscores + 2*reg*W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 2.0 * reg, g->dW2);

    /* db2 = sum(dscores, axis=0) */
    for (j = 0; j < (int)net->C; j++)
    {
        double s = 0.0;
        for (i = 0; i < num_train; i++)
            s += gsl_matrix_get(dscores, i, j);
        gsl_vector_set(g->db2, j, s);
    }

    /* dhidden = dscores . W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden);

    /* dhidden[hidden <= 0] = 0 */
    gsl_matrix_memcpy(g->dz1, dhidden);
    for (i = 0; i < num_train; i++)
    {
        for (j = 0; j < (int)net->H; j++)
        {
            if (gsl_matrix_get(cache->p1, i, j) <= 0)
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    /* dW1 = X^T . dhidden + 2*reg*W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1 */
    for (j = 0; j < (int)net->H; j++)
    {
        double s = 0.0;
        for (i = 0; i < num_train; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
