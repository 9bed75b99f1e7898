/* backward.c
 *
 * Backward pass by walking row pointers through the matrices (rows are
 * tda doubles apart).  Chain rule node by node:
 *   dL/dprob  ->  (softmax Jacobian)  ->  dL/dz2  ->  (W2)  ->  dL/dp1
 *   ->  (relu Jacobian, diagonal)  ->  dL/dz1
 * weights as sums over samples of outer products.
 */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double *P = cache->prob->data;           /* first row of prob */
    const size_t tp = cache->prob->tda;
    double *dprob = malloc(C * sizeof(double));
    double *jrow = malloc(C * sizeof(double));
    size_t i, j, k, h, d;

    for (i = 0; i < N; i++)
    {
        const double *pi = P + i * tp;
        double *dz2 = g->dz2->data + i * g->dz2->tda;
        double *dp1 = g->dp1->data + i * g->dp1->tda;
        double *dz1 = g->dz1->data + i * g->dz1->tda;
        const double *z1 = cache->z1->data + i * cache->z1->tda;

        for (k = 0; k < C; k++)
            dprob[k] = 0.0;
        dprob[y[i]] = -1.0 / (N * P[y[i]]);

        /* dz2[j] = sum_k dprob[k] * J[k][j],  J[k][j] = p_k (d_kj - p_j) */
        for (j = 0; j < C; j++)
        {
            dz2[j] = 0.0;
            for (k = 0; k < C; k++)
            {
                jrow[k] = pi[k] * ((k == j ? 1.0 : 0.0) - pi[j]);
                dz2[j] += dprob[k] * jrow[k];
            }
        }

        /* dp1[h] = sum_j dz2[j] * dz2[j]/dp1[h] = sum_j dz2[j] W2[h][j] */
        for (h = 0; h < H; h++)
        {
            const double *w = net->W2->data + h * net->W2->tda;
            dp1[h] = 0.0;
            for (j = 0; j < C; j++)
                dp1[h] += dz2[j] * w[j];
        }

        /* relu: diagonal 0/1 */
        for (h = 0; h < H; h++)
            dz1[h] = (z1[h] > 0.0) * dp1[h];
    }

    /* dW2[h][j] = sum_i p1[i][h] dz2[i][j] + 2 reg W2[h][j] */
    for (h = 0; h < H; h++)
        for (j = 0; j < C; j++)
        {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += cache->p1->data[i * cache->p1->tda + h] * g->dz2->data[i * g->dz2->tda + j];
            g->dW2->data[h * g->dW2->tda + j] = s + 2.0 * reg * net->W2->data[h * net->W2->tda + j];
        }
    for (j = 0; j < C; j++)
    {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += g->dz2->data[i * g->dz2->tda + j];
        g->db2->data[j * g->db2->stride] = s;
    }
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
        {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += X->data[i * X->tda + d] * g->dz1->data[i * g->dz1->tda + h];
            g->dW1->data[d * g->dW1->tda + h] = s + 2.0 * reg * net->W1->data[d * net->W1->tda + h];
        }
    for (h = 0; h < H; h++)
    {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += g->dz1->data[i * g->dz1->tda + h];
        g->db1->data[h * g->db1->stride] = s;
    }

    free(dprob);
    free(jrow);
    g->present = BP_GRADS_ALL;
    return 0;
}
