/* 作业3: backward()
 * 用指针直接访问 GSL 矩阵的数据, 第 i 行第 j 列在 data[i*tda + j] */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
    const double *prob = cache->prob->data, *p1 = cache->p1->data;
    const double *W1 = net->W1->data, *W2 = net->W2->data, *x = X->data;
    size_t tz2 = g->dz2->tda, th = g->dp1->tda, tz1 = g->dz1->tda;

    if (N != cache->N)
        return 1;

    /* dz2 = (prob - y) / N */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++)
            dz2[i * tz2 + k] = prob[i * cache->prob->tda + k] / N;
        dz2[i * tz2 + y[i]] -= 1.0 / N;
    }

    /* dW2 = p1^T dz2 + 2 reg W2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double s = 0;
            for (i = 0; i < N; i++)
                s += p1[i * cache->p1->tda + j] * dz2[i * tz2 + k];
            gsl_matrix_set(g->dW2, j, k, s + 2 * reg * W2[j * net->W2->tda + k]);
        }

    /* db2 */
    for (k = 0; k < C; k++) {
        double s = 0;
        for (i = 0; i < N; i++)
            s += dz2[i * tz2 + k];
        gsl_vector_set(g->db2, k, s);
    }

    /* dp1 = dz2 W2^T */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0;
            for (k = 0; k < C; k++)
                s += dz2[i * tz2 + k] * W2[j * net->W2->tda + k];
            dp1[i * th + j] = s;
        }

    /* relu: 梯度只在激活的地方通过 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            if (dp1[i * th + j] > 0)
                dz1[i * tz1 + j] = dp1[i * th + j];
            else
                dz1[i * tz1 + j] = 0;
        }

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            double s = 0;
            for (i = 0; i < N; i++)
                s += x[i * X->tda + k] * dz1[i * tz1 + j];
            gsl_matrix_set(g->dW1, k, j, s + 2 * reg * W1[k * net->W1->tda + j]);
        }

    /* db1 */
    for (j = 0; j < H; j++) {
        double s = 0;
        for (i = 0; i < N; i++)
            s += dz1[i * tz1 + j];
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
