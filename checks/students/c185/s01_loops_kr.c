/* backward.c -- backward pass of the two layer net (HW3 part 2)
 *
 * All the temporaries live in one calloc'd block, cut into pieces:
 *   dscores (N,C) | dW2 (H,C) | db2 (C) | dhidden (N,H) | dz1 (N,H)
 *   | dW1 (D,H) | db1 (H)
 * and copied into g at the very end.  Everything is plain loops.
 */
#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k, d;
    size_t total = N*C + H*C + C + N*H + N*H + D*H + H;
    double *buf, *dscores, *dW2, *db2, *dhidden, *dz1, *dW1, *db1;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    buf = calloc(total, sizeof *buf);
    if (buf == NULL)
        return 1;
    dscores = buf;                  /* N x C */
    dW2     = dscores + N*C;        /* H x C */
    db2     = dW2 + H*C;            /* C */
    dhidden = db2 + C;              /* N x H */
    dz1     = dhidden + N*H;        /* N x H */
    dW1     = dz1 + N*H;            /* D x H */
    db1     = dW1 + D*H;            /* H */

    /* softmax + cross entropy: (probs - onehot) / N */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++)
            dscores[i*C + k] = gsl_matrix_get(cache->prob, i, k);
        dscores[i*C + y[i]] -= 1.0;
        for (k = 0; k < C; k++)
            dscores[i*C + k] /= (double) N;
    }

    /* second layer: dW2 = p1^T dscores + 2 reg W2, db2 = column sums */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(cache->p1, i, j) * dscores[i*C + k];
            dW2[j*C + k] = s + 2.0 * reg * gsl_matrix_get(net->W2, j, k);
        }
    }
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            db2[k] += dscores[i*C + k];

    /* into the hidden layer, and through the relu */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += dscores[i*C + k] * gsl_matrix_get(net->W2, j, k);
            dhidden[i*H + j] = s;
            dz1[i*H + j] = gsl_matrix_get(cache->z1, i, j) > 0.0 ? s : 0.0;
        }
    }

    /* first layer */
    for (d = 0; d < D; d++) {
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(X, i, d) * dz1[i*H + j];
            dW1[d*H + j] = s + 2.0 * reg * gsl_matrix_get(net->W1, d, j);
        }
    }
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            db1[j] += dz1[i*H + j];

    /* copy everything out */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dz2, i, k, dscores[i*C + k]);
        for (j = 0; j < H; j++) {
            gsl_matrix_set(g->dp1, i, j, dhidden[i*H + j]);
            gsl_matrix_set(g->dz1, i, j, dz1[i*H + j]);
        }
    }
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dW2, j, k, dW2[j*C + k]);
    for (k = 0; k < C; k++)
        gsl_vector_set(g->db2, k, db2[k]);
    for (d = 0; d < D; d++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, d, j, dW1[d*H + j]);
    for (j = 0; j < H; j++)
        gsl_vector_set(g->db1, j, db1[j]);

    free(buf);
    g->present = BP_GRADS_ALL;
    return 0;
}
