/* backward.c -- CS231n two layer net, backward pass (from my numpy)
 *
 * All the numpy temporaries are malloc'd double arrays, row-major,
 * index [i*cols + j].  Freed at the bottom.
 */

#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
    {
        return 1;
    }

    double *dscores = malloc(N * C * sizeof(double));
    double *hT = malloc(H * N * sizeof(double));
    double *dhidden = malloc(N * H * sizeof(double));

    /* dscores = probs.copy() */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            dscores[i*C + j] = cache->prob->data[i*cache->prob->tda + j];
    /* dscores[range(N), y] -= 1 */
    for (i = 0; i < N; i++)
        dscores[i*C + y[i]] -= 1.0;
    /* dscores /= N */
    for (i = 0; i < N*C; i++)
        dscores[i] /= (double) N;
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            g->dz2->data[i*g->dz2->tda + j] = dscores[i*C + j];

    /* hT = hidden_layer.T */
    for (k = 0; k < N; k++)
        for (i = 0; i < H; i++)
            hT[i*N + k] = cache->p1->data[k*cache->p1->tda + i];

    /* dW2 = hT.dot(dscores) + 2*reg*W2 */
    for (i = 0; i < H; i++)
    {
        for (j = 0; j < C; j++)
        {
            double sum = 0.0;
            for (k = 0; k < N; k++)
                sum += hT[k*H + i] * dscores[k*C + j];
            g->dW2->data[i*g->dW2->tda + j] = sum + 2*reg*net->W2->data[i*net->W2->tda + j];
        }
    }

    /* db2 = np.sum(dscores, axis=0) */
    for (j = 0; j < C; j++)
    {
        double sum = 0.0;
        for (i = 0; i < N; i++)
            sum += dscores[i*C + j];
        g->db2->data[j*g->db2->stride] = sum;
    }

    /* dhidden = dscores.dot(W2.T) */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            double sum = 0.0;
            for (k = 0; k < C; k++)
                sum += dscores[i*C + k] * net->W2->data[j*net->W2->tda + k];
            dhidden[i*H + j] = sum;
            g->dp1->data[i*g->dp1->tda + j] = sum;
        }
    }

    /* dhidden[hidden_layer <= 0] = 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (cache->p1->data[i*cache->p1->tda + j] <= 0.0)
                dhidden[i*H + j] = 0.0;
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            g->dz1->data[i*g->dz1->tda + j] = dhidden[i*H + j];

    /* dW1 = X.T.dot(dhidden) + 2*reg*W1 */
    for (i = 0; i < D; i++)
    {
        for (j = 0; j < H; j++)
        {
            double sum = 0.0;
            for (k = 0; k < N; k++)
                sum += X->data[k*X->tda + i] * dhidden[k*H + j];
            g->dW1->data[i*g->dW1->tda + j] = sum + 2*reg*net->W1->data[i*net->W1->tda + j];
        }
    }

    /* db1 = np.sum(dhidden, axis=0) */
    for (j = 0; j < H; j++)
    {
        double sum = 0.0;
        for (i = 0; i < N; i++)
            sum += dhidden[i*H + j];
        g->db1->data[j*g->db1->stride] = sum;
    }

    free(dscores);
    free(hT);
    free(dhidden);
    g->present = BP_GRADS_ALL;
    return 0;
}
