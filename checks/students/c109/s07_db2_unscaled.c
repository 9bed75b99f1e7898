/* backward.c -- two layer net
 * ix(i,j,ld): flat index of element (i,j) in a row-major array whose rows
 * have ld entries.  err[] is the "raw" error prob - onehot, I divide by N
 * where it is needed.
 */
#include <stdlib.h>
#include "backprop.h"

static inline size_t ix(size_t i, size_t j, size_t ld) { return i * ld + j; }

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double *err = malloc(N * C * sizeof(double));
    double *dz2 = g->dz2->data, *dW2 = g->dW2->data, *db2 = g->db2->data;
    double *dp1 = g->dp1->data, *dz1 = g->dz1->data;
    double *dW1 = g->dW1->data, *db1 = g->db1->data;

    if (err == NULL)
        return 1;

    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++) {
            err[ix(i, k, C)] = cache->prob->data[ix(i, k, C)] - (k == y[i]);
            dz2[ix(i, k, C)] = err[ix(i, k, C)] / N;
        }

    /* dW2 = p1' err / N + 2 reg W2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double s = 0;
            for (i = 0; i < N; i++)
                s += cache->p1->data[ix(i, j, H)] * err[ix(i, k, C)];
            dW2[ix(j, k, C)] = s / N + 2 * reg * net->W2->data[ix(j, k, C)];
        }

    /* db2 = column sums */
    for (k = 0; k < C; k++) {
        db2[k] = 0;
        for (i = 0; i < N; i++)
            db2[k] += err[ix(i, k, C)];
    }

    /* dp1 = dz2 W2', dz1 = dp1 * relu'(z1) */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0;
            for (k = 0; k < C; k++)
                s += dz2[ix(i, k, C)] * net->W2->data[ix(j, k, C)];
            dp1[ix(i, j, H)] = s;
            dz1[ix(i, j, H)] = cache->z1->data[ix(i, j, H)] > 0 ? s : 0;
        }

    /* dW1 = X' dz1 + 2 reg W1 */
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) {
            double s = 0;
            for (k = 0; k < N; k++)
                s += X->data[ix(k, i, D)] * dz1[ix(k, j, H)];
            dW1[ix(i, j, H)] = s + 2 * reg * net->W1->data[ix(i, j, H)];
        }

    for (j = 0; j < H; j++) {
        db1[j] = 0;
        for (i = 0; i < N; i++)
            db1[j] += dz1[ix(i, j, H)];
    }

    free(err);
    g->present = BP_GRADS_ALL;
    return 0;
}
