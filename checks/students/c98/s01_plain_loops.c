/* backward.c -- lab 4, backward pass of the two-layer net.
 *
 * Everything with the AT / VAT macros from the starter code, one
 * gradient per block, in the order of the handout.
 */
#include "backprop.h"

#define AT(m,i,j) ((m)->data[(i)*(m)->tda+(j)])
#define VAT(v,i) ((v)->data[(i)*(v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k, d;
    double s;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* 1. dz2 = (prob - onehot(y)) / N */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            s = AT(cache->prob, i, k);
            if (k == y[i])
                s -= 1.0;
            AT(g->dz2, i, k) = s / (double)N;
        }
    }

    /* 2. dW2 = p1^T dz2 + 2 reg W2   (H x C) */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            s = 0.0;
            for (i = 0; i < N; i++)
                s += AT(cache->p1, i, j) * AT(g->dz2, i, k);
            AT(g->dW2, j, k) = s + 2.0 * reg * AT(net->W2, j, k);
        }
    }

    /* 3. db2 = sum over the rows of dz2 */
    for (k = 0; k < C; k++) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += AT(g->dz2, i, k);
        VAT(g->db2, k) = s;
    }

    /* 4. dp1 = dz2 W2^T   (N x H) */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            s = 0.0;
            for (k = 0; k < C; k++)
                s += AT(g->dz2, i, k) * AT(net->W2, j, k);
            AT(g->dp1, i, j) = s;
        }
    }

    /* 5. dz1 = dp1 where z1 > 0, else 0 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (AT(cache->z1, i, j) > 0)
                AT(g->dz1, i, j) = AT(g->dp1, i, j);
            else
                AT(g->dz1, i, j) = 0.0;
        }
    }

    /* 6. dW1 = X^T dz1 + 2 reg W1   (D x H) */
    for (d = 0; d < D; d++) {
        for (j = 0; j < H; j++) {
            s = 0.0;
            for (i = 0; i < N; i++)
                s += AT(X, i, d) * AT(g->dz1, i, j);
            AT(g->dW1, d, j) = s + 2.0 * reg * AT(net->W1, d, j);
        }
    }

    /* 7. db1 = sum over the rows of dz1 */
    for (j = 0; j < H; j++) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += AT(g->dz1, i, j);
        VAT(g->db1, j) = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
