/* backward.c -- hw6, two-layer net.
   Plain arrays through ->data (row i starts at data + i*tda). */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || D != net->D || g->N != N)
        return 1;

    double *dz2 = g->dz2->data, *dW2 = g->dW2->data, *db2 = g->db2->data;
    double *dp1 = g->dp1->data, *dz1 = g->dz1->data;
    double *dW1 = g->dW1->data, *db1 = g->db1->data;
    size_t t_dz2 = g->dz2->tda, t_dW2 = g->dW2->tda, t_dp1 = g->dp1->tda;
    size_t t_dz1 = g->dz1->tda, t_dW1 = g->dW1->tda;
    size_t s_db2 = g->db2->stride, s_db1 = g->db1->stride;

    const double *prob = cache->prob->data, *p1 = cache->p1->data, *z1 = cache->z1->data;
    size_t t_prob = cache->prob->tda, t_p1 = cache->p1->tda, t_z1 = cache->z1->tda;
    const double *x = X->data, *W1 = net->W1->data, *W2 = net->W2->data;
    size_t t_x = X->tda, t_W1 = net->W1->tda, t_W2 = net->W2->tda;

    /* dz2 = (prob - onehot) / N */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            dz2[i*t_dz2 + k] = (prob[i*t_prob + k] - (k == y[i] ? 1.0 : 0.0)) / N;

    /* dW2 = p1^T dz2 + 2 reg W2 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            for (k = 0; k < C; k++)
                dW2[j*t_dW2 + k] += p1[i*t_p1 + j] * dz2[i*t_dz2 + k];
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            dW2[j*t_dW2 + k] += 2.0 * reg * W2[j*t_W2 + k];

    /* db2 */
    for (k = 0; k < C; k++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += dz2[i*t_dz2 + k];
        db2[k*s_db2] = s;
    }

    /* dp1 = dz2 W2^T */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += dz2[i*t_dz2 + k] * W2[j*t_W2 + k];
            dp1[i*t_dp1 + j] = s;
        }

    /* dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            dz1[i*t_dz1 + j] = z1[i*t_z1 + j] > 0.0 ? dp1[i*t_dp1 + j] : 0.0;

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < N; k++)
                s += x[k*t_x + i] * dz1[k*t_dz1 + j];
            dW1[i*t_dW1 + j] = s + 2.0 * reg * W1[i*t_W1 + j];
        }

    /* db1 */
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += dz1[i*t_dz1 + j];
        db1[j*s_db1] = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
