/*********************************************
 * 深度学习作业 3  反向传播
 * 两层网络: affine - relu - affine - softmax
 *********************************************/
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
    size_t i, j, k;
    double t;

    /* softmax 层的梯度 */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
        {
            t = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i])
                t -= 1;
            gsl_matrix_set(g->dz2, i, j, t / N);
        }

    /* 第二层: dW2, db2 */
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
        {
            t = 0;
            for (k = 0; k < N; k++)
                t += gsl_matrix_get(cache->p1, k, i) * gsl_matrix_get(g->dz2, k, j);
            gsl_matrix_set(g->dW2, i, j, t);
        }
    for (j = 0; j < C; j++)
    {
        t = 0;
        for (k = 0; k < N; k++)
            t += gsl_matrix_get(g->dz2, k, j);
        gsl_vector_set(g->db2, j, t);
    }

    /* 传回隐藏层 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
        {
            t = 0;
            for (k = 0; k < C; k++)
                t += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, t);
            /* relu */
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, t);
            else
                gsl_matrix_set(g->dz1, i, j, 0);
        }

    /* 第一层: dW1 (加正则项), db1 */
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
        {
            t = 0;
            for (k = 0; k < N; k++)
                t += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
            t += 2 * reg * gsl_matrix_get(net->W1, i, j);
            gsl_matrix_set(g->dW1, i, j, t);
        }
    for (j = 0; j < H; j++)
    {
        t = 0;
        for (k = 0; k < N; k++)
            t += gsl_matrix_get(g->dz1, k, j);
        gsl_vector_set(g->db1, j, t);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
