/* 深度学习 作业三：两层全连接网络的反向传播
 * backward.c  --  只用 gsl_matrix_get / gsl_matrix_set 和 for 循环
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N = (int)X->size1;
    int D = (int)net->D;
    int H = (int)net->H;
    int C = (int)net->C;
    int i, j, k;
    double sum;

    if (N != (int)cache->N || D != (int)X->size2 || N != (int)g->N)
        return 1;

    // 1. dz2 = (prob - onehot(y)) / N
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
        {
            double p = gsl_matrix_get(cache->prob, i, k);
            if ((size_t)k == y[i])
                p = p - 1.0;
            gsl_matrix_set(g->dz2, i, k, p / N);
        }
    }

    // 2. dW2 = p1^T * dz2 + 2 * reg * W2
    for (j = 0; j < H; j++)
    {
        for (k = 0; k < C; k++)
        {
            sum = 0.0;
            for (i = 0; i < N; i++)
                sum += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, sum + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    // 3. db2 = dz2 按列求和
    for (k = 0; k < C; k++)
    {
        sum = 0.0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, sum);
    }

    // 4. dp1 = dz2 * W2^T
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            sum = 0.0;
            for (k = 0; k < C; k++)
                sum += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, sum);
        }
    }

    // 5. dz1: ReLU 的导数, z1 > 0 的地方是 1, 否则是 0
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    // 6. dW1 = X^T * dz1 + 2 * reg * W1
    for (k = 0; k < D; k++)
    {
        for (j = 0; j < H; j++)
        {
            sum = 0.0;
            for (i = 0; i < N; i++)
                sum += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, sum + 2 * reg * gsl_matrix_get(net->W1, k, j));
        }
    }

    // 7. db1
    for (j = 0; j < H; j++)
    {
        sum = 0.0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
