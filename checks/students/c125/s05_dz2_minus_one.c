/*
 * hw2_backward.c  --  Marco Bellini
 *
 * Backward pass of the two layer net, one sample at a time.
 * The loss is the mean over the batch, so the score gradient of every
 * sample gets a 1/N; I put it in right away, then nothing needs dividing
 * afterwards.
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t n, h, c, d;
    double dscore[C];
    double dhidden[H];

    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db1);
    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);

    for (n = 0; n < N; n++)
    {
        /* softmax gradient: p - 1 at the true class */
        for (c = 0; c < C; c++)
            dscore[c] = gsl_matrix_get(cache->prob, n, c) / N;
        dscore[y[n]] -= 1.0;

        for (c = 0; c < C; c++)
        {
            gsl_matrix_set(g->dz2, n, c, dscore[c]);
            *gsl_vector_ptr(g->db2, c) += dscore[c];
            for (h = 0; h < H; h++)
                *gsl_matrix_ptr(g->dW2, h, c) +=
                    gsl_matrix_get(cache->p1, n, h) * dscore[c];
        }

        for (h = 0; h < H; h++)
        {
            double sum = 0.0;
            for (c = 0; c < C; c++)
                sum += gsl_matrix_get(net->W2, h, c) * dscore[c];
            gsl_matrix_set(g->dp1, n, h, sum);

            if (gsl_matrix_get(cache->z1, n, h) > 0.0)
                dhidden[h] = sum;
            else
                dhidden[h] = 0.0;
            gsl_matrix_set(g->dz1, n, h, dhidden[h]);
            *gsl_vector_ptr(g->db1, h) += dhidden[h];
        }

        for (d = 0; d < D; d++)
            for (h = 0; h < H; h++)
                *gsl_matrix_ptr(g->dW1, d, h) +=
                    gsl_matrix_get(X, n, d) * dhidden[h];
    }

    /* L2 */
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
            *gsl_matrix_ptr(g->dW2, h, c) += 2.0 * reg * gsl_matrix_get(net->W2, h, c);
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
            *gsl_matrix_ptr(g->dW1, d, h) += 2.0 * reg * gsl_matrix_get(net->W1, d, h);

    g->present = BP_GRADS_ALL;
    return 0;
}
