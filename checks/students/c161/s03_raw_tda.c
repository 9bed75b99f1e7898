/*
 * Homework 4 - backward()
 * Name: (removed)
 *
 * I use the raw data pointer because gsl_matrix_get was slow on my laptop.
 * Element (i,j) of a gsl_matrix is data[i*tda + j] (tda = row stride,
 * from the GSL manual section 8.4).
 */

#include "backprop/net.h"
#include "backprop/grads.h"

/* element (i,j) of matrix m */
#define ELEM(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
/* element i of vector v */
#define VEL(v, i) ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
    size_t n, h, c, d;

    if (N != cache->N || D != net->D || g->N != N)
    {
        return 1;
    }

    /* Step 1: scores_grad (N x C) */
    for (n = 0; n < N; n++)
    {
        for (c = 0; c < C; c++)
        {
            double one_hot = (c == y[n]) ? 1.0 : 0.0;
            ELEM (g->dz2, n, c) = (ELEM (cache->prob, n, c) - one_hot) / N;
        }
    }

    /* Step 2 and 3: W2_grad (H x C) and b2_grad (C) */
    /* start W2_grad at the reg part, then add hidden^T * scores_grad */
    for (h = 0; h < H; h++)
    {
        for (c = 0; c < C; c++)
        {
            ELEM (g->dW2, h, c) = 2 * reg * ELEM (net->W2, h, c);
        }
    }
    for (c = 0; c < C; c++)
    {
        VEL (g->db2, c) = 0;
    }
    for (n = 0; n < N; n++)
    {
        for (c = 0; c < C; c++)
        {
            double s = ELEM (g->dz2, n, c);
            for (h = 0; h < H; h++)
            {
                ELEM (g->dW2, h, c) += ELEM (cache->p1, n, h) * s;
            }
            VEL (g->db2, c) += s;
        }
    }

    /* Step 4: hidden_grad (N x H) = scores_grad * W2^T */
    for (n = 0; n < N; n++)
    {
        for (h = 0; h < H; h++)
        {
            double total = 0;
            for (c = 0; c < C; c++)
            {
                total += ELEM (g->dz2, n, c) * ELEM (net->W2, h, c);
            }
            ELEM (g->dp1, n, h) = total;
        }
    }

    /* Step 5: relu_grad (N x H). The ReLU output is positive exactly when
     * its input was, so I check the hidden layer (p1) instead of z1 */
    for (n = 0; n < N; n++)
    {
        for (h = 0; h < H; h++)
        {
            if (ELEM (cache->p1, n, h) > 0)
                ELEM (g->dz1, n, h) = ELEM (g->dp1, n, h);
            else
                ELEM (g->dz1, n, h) = 0;
        }
    }

    /* Step 6 and 7: W1_grad (D x H) and b1_grad (H), same as step 2 and 3 */
    for (d = 0; d < D; d++)
    {
        for (h = 0; h < H; h++)
        {
            ELEM (g->dW1, d, h) = 2 * reg * ELEM (net->W1, d, h);
        }
    }
    for (h = 0; h < H; h++)
    {
        VEL (g->db1, h) = 0;
    }
    for (n = 0; n < N; n++)
    {
        for (h = 0; h < H; h++)
        {
            double r = ELEM (g->dz1, n, h);
            for (d = 0; d < D; d++)
            {
                ELEM (g->dW1, d, h) += ELEM (X, n, d) * r;
            }
            VEL (g->db1, h) += r;
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
