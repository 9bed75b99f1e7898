/* backward.c -- homework 3, backprop for the two layer net.
 *
 * Everything goes through AT() so I don't have to write gsl_matrix_get
 * a hundred times.  GSL matrices are row-major, row i starts at
 * data + i*tda.
 */
#include "backprop.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k, d;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* 1. dz2 = (prob - onehot(y)) / N */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++)
            AT(g->dz2, i, k) = AT(cache->prob, i, k) / N;
        AT(g->dz2, i, y[i]) -= 1.0 / N;
    }

    /* 2. dW2 = p1^T dz2 + 2 reg W2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += AT(cache->p1, i, j) * AT(g->dz2, i, k);
            AT(g->dW2, j, k) = s + 2.0 * reg * AT(net->W2, j, k);
        }

    /* 3. db2 = sum of dz2 over the samples */
    for (k = 0; k < C; k++) {
        g->db2->data[k] = 0.0;
        for (i = 0; i < N; i++)
            g->db2->data[k] += AT(g->dz2, i, k);
    }

    /* 4. dp1 = dz2 W2^T */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += AT(g->dz2, i, k) * AT(net->W2, j, k);
            AT(g->dp1, i, j) = s;
        }

    /* 5. dz1 = dp1 where z1 > 0, else 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            AT(g->dz1, i, j) = AT(cache->z1, i, j) > 0.0 ? AT(g->dp1, i, j) : 0.0;

    /* 6. dW1 = X^T dz1 + 2 reg W1 */
    for (d = 0; d < D; d++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += AT(X, i, d) * AT(g->dz1, i, j);
            AT(g->dW1, d, j) = s + 2.0 * reg * AT(net->W1, d, j);
        }

    /* 7. db1 */
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += AT(g->dz1, i, j);
        g->db1->data[j] = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
