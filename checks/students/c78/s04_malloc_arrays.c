/* backward.c  --  my backward pass.
   I copy what I need into plain C arrays first (easier to index for me),
   compute everything with a[i*cols + j], and copy the results back. */

#include <stdlib.h>
#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double *w2, *dz2, *dp1, *dz1;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    w2  = malloc(H * C * sizeof(double));
    dz2 = malloc(N * C * sizeof(double));
    dp1 = malloc(N * H * sizeof(double));
    dz1 = malloc(N * H * sizeof(double));
    if (!w2 || !dz2 || !dp1 || !dz1) {
        free(w2); free(dz2); free(dp1); free(dz1);
        return 1;
    }
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            w2[j*C + k] = gsl_matrix_get(net->W2, j, k);

    /* dz2 */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            dz2[i*C + k] = (gsl_matrix_get(cache->prob, i, k) - (y[i] == k ? 1.0 : 0.0)) / N;

    /* dp1 = dz2 * W2^T */
    memset(dp1, 0, N * H * sizeof(double));
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            for (k = 0; k < C; k++)
                dp1[i*H + j] += dz2[i*C + k] * w2[j*C + k];

    /* dz1 = relu'(z1) * dp1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            dz1[i*H + j] = gsl_matrix_get(cache->z1, i, j) > 0.0 ? dp1[i*H + j] : 0.0;

    /* parameter gradients */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double s = 2.0 * reg * w2[j*C + k];
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(cache->p1, i, j) * dz2[i*C + k];
            gsl_matrix_set(g->dW2, j, k, s);
        }
    for (k = 0; k < C; k++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += dz2[i*C + k];
        gsl_vector_set(g->db2, k, s);
    }
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) {
            double s = 2.0 * reg * gsl_matrix_get(net->W1, i, j);
            for (k = 0; k < N; k++)
                s += gsl_matrix_get(X, k, i) * dz1[k*H + j];
            gsl_matrix_set(g->dW1, i, j, s);
        }
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += dz1[i*H + j];
        gsl_vector_set(g->db1, j, s);
    }

    /* copy the intermediate ones back */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dz2, i, k, dz2[i*C + k]);
        for (j = 0; j < H; j++) {
            gsl_matrix_set(g->dp1, i, j, dp1[i*H + j]);
            gsl_matrix_set(g->dz1, i, j, dz1[i*H + j]);
        }
    }

    free(w2); free(dz2); free(dp1); free(dz1);
    g->present = BP_GRADS_ALL;
    return 0;
}
