/*
 * backward.c  --  hand written backward pass, plain loops, no BLAS
 *
 * numpy version this comes from:
 *     dscores = probs
 *     dscores[range(N), y] -= 1
 *     dscores /= N
 *     grads['W2'] = np.dot(hidden_layer.T, dscores) + 2*reg*W2
 *     grads['b2'] = np.sum(dscores, axis=0)
 *     dhidden = np.dot(dscores, W2.T)
 *     dhidden[hidden_layer <= 0] = 0
 *     grads['W1'] = np.dot(X.T, dhidden) + 2*reg*W1
 *     grads['b1'] = np.sum(dhidden, axis=0)
 *
 * Everything is done on the raw ->data arrays (row i starts at i*tda).
 */
#include "backprop.h"

#define AT(M, i, j)  ((M)->data[(i) * (M)->tda + (j)])
#define VAT(v, i)    ((v)->data[(i) * (v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double s;
    const gsl_matrix *probs = cache->prob;
    const gsl_matrix *hidden = cache->p1;
    gsl_matrix *dscores = g->dz2;
    gsl_matrix *dhidden = g->dp1;

    /* dscores */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < C; j++)
        {
            double v = AT(probs, i, j);
            if (j == y[i])
                v -= 1.0;
            AT(dscores, i, j) = v / (double) N;
        }
    }

    /* W2 and b2 */
    for (k = 0; k < H; k++)
    {
        for (j = 0; j < C; j++)
        {
            s = 0.0;
            for (i = 0; i < N; i++)
                s += AT(hidden, i, k) * AT(dscores, i, j);
            AT(g->dW2, k, j) = s + 2.0 * reg * AT(net->W2, k, j);
        }
    }
    for (j = 0; j < C; j++)
    {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += AT(dscores, i, j);
        VAT(g->db2, j) = s;
    }

    /* dhidden = dscores . W2^T */
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < H; k++)
        {
            s = 0.0;
            for (j = 0; j < C; j++)
                s += AT(dscores, i, j) * AT(net->W2, k, j);
            AT(dhidden, i, k) = s;
        }
    }

    /* through the relu: zero where the unit was off */
    for (i = 0; i < N; i++)
        for (k = 0; k < H; k++)
            AT(g->dz1, i, k) = AT(cache->z1, i, k) > 0.0 ? AT(dhidden, i, k) : 0.0;

    /* W1 and b1 */
    for (j = 0; j < D; j++)
    {
        for (k = 0; k < H; k++)
        {
            s = 0.0;
            for (i = 0; i < N; i++)
                s += AT(X, i, j) * AT(g->dz1, i, k);
            AT(g->dW1, j, k) = s + 2.0 * reg * AT(net->W1, j, k);
        }
    }
    for (k = 0; k < H; k++)
    {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += AT(g->dz1, i, k);
        VAT(g->db1, k) = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
