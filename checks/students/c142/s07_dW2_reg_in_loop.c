/*
 * backward.c
 * Two-layer net: backward pass.
 *
 * dp1 and dW2 both need the loop over (h, c) for every sample, so they are
 * done together; dz1 and db1 come out of the same nest.  dW1 is built one
 * sample at a time afterwards.
 */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    const size_t D = net->D;
    const size_t H = net->H;
    const size_t C = net->C;

    if (cache->N != N || g->N != N)
    {
        return 1;
    }

    /* ---- dz2 and db2 ---- */
    gsl_vector_set_zero(g->db2);
    for (size_t n = 0; n < N; n++)
    {
        for (size_t c = 0; c < C; c++)
        {
            double grad = gsl_matrix_get(cache->prob, n, c);
            if (c == y[n])
            {
                grad -= 1.0;
            }
            grad /= (double) N;
            gsl_matrix_set(g->dz2, n, c, grad);
            gsl_vector_set(g->db2, c, gsl_vector_get(g->db2, c) + grad);
        }
    }

    /* ---- dW2, dp1, dz1, db1 ---- */
    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db1);
    for (size_t n = 0; n < N; n++)
    {
        for (size_t h = 0; h < H; h++)
        {
            double act = gsl_matrix_get(cache->p1, n, h);
            double back = 0.0;
            for (size_t c = 0; c < C; c++)
            {
                double dzc = gsl_matrix_get(g->dz2, n, c);
                double w = gsl_matrix_get(net->W2, h, c);
                back += dzc * w;
                /* regularisation folded in here, saves a pass over W2 */
                gsl_matrix_set(g->dW2, h, c, gsl_matrix_get(g->dW2, h, c) + act * dzc + 2.0 * reg * w);
            }
            gsl_matrix_set(g->dp1, n, h, back);
            double masked = gsl_matrix_get(cache->z1, n, h) > 0.0 ? back : 0.0;
            gsl_matrix_set(g->dz1, n, h, masked);
            gsl_vector_set(g->db1, h, gsl_vector_get(g->db1, h) + masked);
        }
    }

    /* ---- dW1 = 2 reg W1 + sum over samples of x_n^T dz1_n ---- */
    for (size_t d = 0; d < D; d++)
    {
        for (size_t h = 0; h < H; h++)
        {
            gsl_matrix_set(g->dW1, d, h, 2.0 * reg * gsl_matrix_get(net->W1, d, h));
        }
    }
    for (size_t n = 0; n < N; n++)
    {
        for (size_t d = 0; d < D; d++)
        {
            double x = gsl_matrix_get(X, n, d);
            for (size_t h = 0; h < H; h++)
            {
                gsl_matrix_set(g->dW1, d, h, gsl_matrix_get(g->dW1, d, h)
                               + x * gsl_matrix_get(g->dz1, n, h));
            }
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
