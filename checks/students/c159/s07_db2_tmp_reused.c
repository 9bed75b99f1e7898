/* backward.c  -- 2 layer net, backward pass
 * plain arrays.  tmp and work are both N*H (N*C fits in N*H since
 * there are fewer classes than hidden units).  biases done at the end.
 */
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
    double *tmp, *work, sum;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;
    tmp = malloc(N * (H > C ? H : C) * sizeof(double));
    work = malloc(N * H * sizeof(double));

    /* dz2 = (prob - Y)/N into tmp */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++) {
            tmp[i*C + k] = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i]) tmp[i*C + k] -= 1.0;
            tmp[i*C + k] /= N;
            gsl_matrix_set(g->dz2, i, k, tmp[i*C + k]);
        }

    /* dW2 = p1^T dz2 + 2 reg W2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            sum = 0;
            for (i = 0; i < N; i++)
                sum += gsl_matrix_get(cache->p1, i, j) * tmp[i*C + k];
            gsl_matrix_set(g->dW2, j, k, sum + 2*reg*gsl_matrix_get(net->W2, j, k));
        }

    /* dp1 = dz2 W2^T into work */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            sum = 0;
            for (k = 0; k < C; k++)
                sum += tmp[i*C + k] * gsl_matrix_get(net->W2, j, k);
            work[i*H + j] = sum;
            gsl_matrix_set(g->dp1, i, j, sum);
        }

    /* dz1: mask, into tmp (don't need dz2 anymore) */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            tmp[i*H + j] = gsl_matrix_get(cache->z1, i, j) > 0 ? work[i*H + j] : 0.0;
            gsl_matrix_set(g->dz1, i, j, tmp[i*H + j]);
        }

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            sum = 0;
            for (i = 0; i < N; i++)
                sum += gsl_matrix_get(X, i, k) * tmp[i*H + j];
            gsl_matrix_set(g->dW1, k, j, sum + 2*reg*gsl_matrix_get(net->W1, k, j));
        }

    /* biases: column sums */
    memset(work, 0, N * H * sizeof(double));
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            work[j] += tmp[i*H + j];
    for (j = 0; j < H; j++)
        gsl_vector_set(g->db1, j, work[j]);

    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            work[H + k] += tmp[i*C + k];
    for (k = 0; k < C; k++)
        gsl_vector_set(g->db2, k, work[H + k]);

    free(tmp);
    free(work);
    g->present = BP_GRADS_ALL;
    return 0;
}
