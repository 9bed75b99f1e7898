/*
 * backward.c
 *
 * Pass 1 fills dz2 (the output deltas of all samples, already / N).
 * Pass 2 goes over the samples again and backpropagates each delta,
 * summing the weight gradients in local arrays (calloc'ed), which are
 * copied into g at the end with the weight decay.  db2 is just the sum
 * of the rows of dz2, so it gets its own little loop.
 */

#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, i, j, k;
    double *acc_w1 = calloc(D * H, sizeof *acc_w1);
    double *acc_b1 = calloc(H, sizeof *acc_b1);
    double *acc_w2 = calloc(H * C, sizeof *acc_w2);

    if (acc_w1 == NULL || acc_b1 == NULL || acc_w2 == NULL)
    {
        free(acc_w1); free(acc_b1); free(acc_w2);
        return 1;
    }

    /* pass 1: output deltas */
    for (n = 0; n < N; n++)
        for (k = 0; k < C; k++)
        {
            double t = (k == y[n]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, n, k, (gsl_matrix_get(cache->prob, n, k) - t) / N);
        }

    /* db2 = sum over samples of dz2 */
    for (k = 0; k < C; k++)
    {
        double s = 0.0;
        for (n = 0; n < N - 1; n++)
            s += gsl_matrix_get(g->dz2, n, k);
        gsl_vector_set(g->db2, k, s);
    }

    /* pass 2: everything else */
    for (n = 0; n < N; n++)
    {
        for (j = 0; j < H; j++)
        {
            double a = gsl_matrix_get(cache->p1, n, j);
            double back = 0.0, d1;

            for (k = 0; k < C; k++)
            {
                double d2 = gsl_matrix_get(g->dz2, n, k);
                acc_w2[j * C + k] += a * d2;
                back += gsl_matrix_get(net->W2, j, k) * d2;
            }
            gsl_matrix_set(g->dp1, n, j, back);

            d1 = (gsl_matrix_get(cache->z1, n, j) > 0.0) ? back : 0.0;
            gsl_matrix_set(g->dz1, n, j, d1);
            acc_b1[j] += d1;
            for (i = 0; i < D; i++)
                acc_w1[i * H + j] += gsl_matrix_get(X, n, i) * d1;
        }
    }

    for (j = 0; j < H; j++)
    {
        gsl_vector_set(g->db1, j, acc_b1[j]);
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dW2, j, k, acc_w2[j * C + k]
                           + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
        for (i = 0; i < D; i++)
            gsl_matrix_set(g->dW1, i, j, acc_w1[i * H + j]
                           + 2.0 * reg * gsl_matrix_get(net->W1, i, j));
    }

    free(acc_w1); free(acc_b1); free(acc_w2);
    g->present = BP_GRADS_ALL;
    return 0;
}
