/* backward.c -- backprop for the TwoLayerNet, in C
 *
 * M(m,i,j) is element (i,j); I use size2 for the row length (same as tda
 * here, nothing is a submatrix).
 */
#include "backprop.h"

#define M(m,i,j) ((m)->data[(i) * (m)->size2 + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double s;

    /* gradient of the mean cross entropy wrt the scores */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < C; j++)
            M(g->dz2, i, j) = M(cache->prob, i, j);
        M(g->dz2, i, y[i]) -= 1.0;
        for (j = 0; j < C; j++)
            M(g->dz2, i, j) /= (double) N;
    }

    /* W2: (H,C) */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
        {
            s = 0.0;
            for (i = 0; i < N; i++)
                s += M(cache->p1, i, j) * M(g->dz2, i, k);
            M(g->dW2, j, k) = s + 2.0 * reg * M(net->W2, j, k);
        }

    /* b2: sum over the batch */
    for (j = 0; j < C; j++)
    {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += M(g->dz2, i, j);
        g->db2->data[j] = s;
    }

    /* hidden layer */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
        {
            s = 0.0;
            for (k = 0; k < C; k++)
                s += M(g->dz2, i, k) * M(net->W2, j, k);
            M(g->dp1, i, j) = s;
            M(g->dz1, i, j) = M(cache->z1, i, j) > 0.0 ? s : 0.0;
        }

    /* W1: (D,H) */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++)
        {
            s = 0.0;
            for (i = 0; i < N; i++)
                s += M(X, i, k) * M(g->dz1, i, j);
            M(g->dW1, k, j) = s + 2.0 * reg * M(net->W1, k, j);
        }

    /* b1: sum over the batch */
    for (j = 0; j < C; j++)
    {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += M(g->dz1, i, j);
        g->db1->data[j] = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
