/* backward.c -- problem 2(c), backward pass
 *
 * buffer: | dscores N*C | dhidden N*H | dW2 H*C | dW1 D*H |
 * dz1 is done in place on the dhidden piece after dp1 is stored.
 */
#include <stdlib.h>
#include "backprop.h"

#define AT(m, i, j)  ((m)->data[(i) * (m)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double *buffer, *dscores, *dhidden, *dW2, *dW1;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    buffer = calloc(N*C + N*H + H*C + D*H, sizeof(double));
    if (!buffer)
        return 1;
    dscores = buffer;
    dhidden = dscores + N*C;
    dW2 = dhidden + N*H;
    dW1 = dW2 + H*C;

    /* dscores = softmax - onehot, averaged over the batch */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            dscores[i*C + k] = AT(cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0);

    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            double v = dscores[i*C + k];
            AT(g->dz2, i, k) = v;
            for (j = 0; j < H; j++)
                dW2[j*C + k] += AT(cache->p1, i, j) * v;
        }
    }
    for (j = 0; j < H*C; j++)
        dW2[j] += 2.0 * reg * AT(net->W2, j / C, j % C);

    for (k = 0; k < C; k++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += dscores[i*C + k];
        gsl_vector_set(g->db2, k, s);
    }

    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += dscores[i*C + k] * AT(net->W2, j, k);
            dhidden[i*H + j] = s;
            AT(g->dp1, i, j) = s;
        }

    /* relu, in place */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            if (AT(cache->z1, i, j) <= 0.0)
                dhidden[i*H + j] = 0.0;
            AT(g->dz1, i, j) = dhidden[i*H + j];
        }

    for (i = 0; i < N; i++)
        for (k = 0; k < D; k++)
            for (j = 0; j < H; j++)
                dW1[k*H + j] += AT(X, i, k) * dhidden[i*H + j];
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++)
            AT(g->dW1, k, j) = dW1[k*H + j] + 2.0 * reg * AT(net->W1, k, j);

    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += dhidden[i*H + j];
        gsl_vector_set(g->db1, j, s);
    }
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            AT(g->dW2, j, k) = dW2[j*C + k];

    free(buffer);
    g->present = BP_GRADS_ALL;
    return 0;
}
