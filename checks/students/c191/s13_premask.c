/* backward pass - two loops over the batch.
 * In the 2nd loop I start from dp1 and add into the W1/b1 sums as I go,
 * then apply the relu. */
#include <stdlib.h>
#include <string.h>
#include "backprop.h"

#define G(m, i, j) gsl_matrix_get((m), (i), (j))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k, m;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    double *gw2 = malloc(H * C * sizeof(double));
    double *gb2 = malloc(C * sizeof(double));
    double *gw1 = malloc(D * H * sizeof(double));
    double *gb1 = malloc(H * sizeof(double));
    memset(gw2, 0, H * C * sizeof(double));
    memset(gb2, 0, C * sizeof(double));
    memset(gw1, 0, D * H * sizeof(double));
    memset(gb1, 0, H * sizeof(double));

    /* loop 1: output layer */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            double t = (G(cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0)) / N;
            gsl_matrix_set(g->dz2, i, k, t);
            gb2[k] += t;
        }
        for (j = 0; j < H; j++) {
            double acc = 0;
            for (k = 0; k < C; k++) {
                gw2[j * C + k] += G(cache->p1, i, j) * G(g->dz2, i, k);
                acc += G(g->dz2, i, k) * G(net->W2, j, k);
            }
            gsl_matrix_set(g->dp1, i, j, acc);
        }
    }

    /* loop 2: hidden layer */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double t = G(g->dp1, i, j);
            for (m = 0; m < D; m++)
                gw1[m * H + j] += G(X, i, m) * t;
            gb1[j] += t;
            if (G(cache->z1, i, j) <= 0)
                t = 0;   /* relu */
            gsl_matrix_set(g->dz1, i, j, t);
        }
    }

    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dW2, j, k, gw2[j * C + k] + 2 * reg * G(net->W2, j, k));
    for (k = 0; k < C; k++)
        gsl_vector_set(g->db2, k, gb2[k]);
    for (m = 0; m < D; m++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, m, j, gw1[m * H + j] + 2 * reg * G(net->W1, m, j));
    for (j = 0; j < H; j++)
        gsl_vector_set(g->db1, j, gb1[j]);

    free(gw2); free(gb2); free(gw1); free(gb1);
    g->present = BP_GRADS_ALL;
    return 0;
}
