/* CS 2xx, assignment 4 -- backward pass for the 2-layer net.
 * Two sweeps over the batch, everything for one sample done at once. */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k, d;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    double dW2s[H][C], db2s[C];
    double dW1s[D][H], db1s[H];

    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            dW2s[j][k] = 0.0;
    for (k = 0; k < C; k++)
        db2s[k] = 0.0;

    /* sweep 1: scores -> dz2, and everything that only needs dz2 */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            /* softmax minus one-hot, averaged over the batch */
            double dz = gsl_matrix_get(cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0);
            gsl_matrix_set(g->dz2, i, k, dz);
            db2s[k] += dz;
            for (j = 0; j < H; j++)
                dW2s[j][k] += gsl_matrix_get(cache->p1, i, j) * dz;
        }
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
        }
    }

    for (d = 0; d < D; d++)
        for (j = 0; j < H; j++)
            dW1s[d][j] = 0.0;
    for (j = 0; j < H; j++)
        db1s[j] = 0.0;

    /* sweep 2: back through the relu */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double dh = gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0;
            gsl_matrix_set(g->dz1, i, j, dh);
            db1s[j] += dh;
            for (d = 0; d < D; d++)
                dW1s[d][j] += gsl_matrix_get(X, i, d) * dh;
        }
    }

    /* regularisation: d/dW reg*W^2 = 2 reg W */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dW2, j, k, dW2s[j][k] + 2 * reg * gsl_matrix_get(net->W2, j, k));
    for (k = 0; k < C; k++)
        gsl_vector_set(g->db2, k, db2s[k]);
    for (d = 0; d < D; d++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, d, j, dW1s[d][j] + 2 * reg * gsl_matrix_get(net->W1, d, j));
    for (j = 0; j < H; j++)
        gsl_vector_set(g->db1, j, db1s[j]);

    g->present = BP_GRADS_ALL;
    return 0;
}
