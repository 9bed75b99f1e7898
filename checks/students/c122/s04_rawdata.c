/* HW5 -- backward pass
 * Tyler Brooks
 *
 * I index the arrays directly (data + tda) because the get/set calls
 * were too slow for me on the big run. A(m,i,j) is entry (i,j) of m. */

#include "backprop.h"

#define A(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define V(v, i)    ((v)->data[(i) * (v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dscores */
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
            A(g->dz2, i, k) = A(cache->prob, i, k) / (double)N;
        A(g->dz2, i, y[i]) -= 1.0 / (double)N;
    }

    /* W2, b2: start from the reg part / zero and accumulate over samples */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            A(g->dW2, j, k) = 2.0 * reg * A(net->W2, j, k);
    for (k = 0; k < C; k++)
        V(g->db2, k) = 0.0;

    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
        {
            double d = A(g->dz2, i, k);
            V(g->db2, k) += d;
            for (j = 0; j < H; j++)
                A(g->dW2, j, k) += A(cache->p1, i, j) * d;
        }
    }

    /* hidden layer: dp1 = dz2 W2^T, and dz1 is the same with the dead units zeroed */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += A(g->dz2, i, k) * A(net->W2, j, k);
            A(g->dp1, i, j) = s;
            A(g->dz1, i, j) = (A(cache->z1, i, j) > 0.0) ? s : 0.0;
        }
    }

    /* W1, b1 */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++)
            A(g->dW1, k, j) = 2.0 * reg * A(net->W1, k, j);
    for (j = 0; j < H; j++)
        V(g->db1, j) = 0.0;
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            double d = A(g->dz1, i, j);
            if (d == 0.0)
                continue;       /* dead unit, nothing to add */
            V(g->db1, j) += d;
            for (k = 0; k < D; k++)
                A(g->dW1, k, j) += A(X, i, k) * d;
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
