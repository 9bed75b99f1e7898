/*
 * Lab 4 backward pass.
 * I go through the batch one sample at a time and add up the weight
 * gradients, like the example on page 12. Softmax is done again here
 * from z2 (with the max taken off so exp does not overflow).
 */
#include <math.h>
#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* set all the gradients to zero before adding */
static void zero_all(bp_grads *g)
{
    gsl_matrix_set_zero(g->dz2);
    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);
    gsl_matrix_set_zero(g->dp1);
    gsl_matrix_set_zero(g->dz1);
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db1);
}

/* softmax of row i of z into out[0..C-1] */
static void softmax_row(const gsl_matrix *z, size_t i, size_t C, double *out)
{
    size_t c;
    double mx = gsl_matrix_get(z, i, 0);
    double total = 0.0;
    for (c = 1; c < C; c++)
    {
        if (gsl_matrix_get(z, i, c) > mx)
            mx = gsl_matrix_get(z, i, c);
    }
    for (c = 0; c < C; c++)
    {
        out[c] = exp(gsl_matrix_get(z, i, c) - mx);
        total += out[c];
    }
    for (c = 0; c < C; c++)
        out[c] = out[c] / total;
}

/* A[r][c] += v */
static void add_to(gsl_matrix *A, size_t r, size_t c, double v)
{
    gsl_matrix_set(A, r, c, gsl_matrix_get(A, r, c) + v);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = cache->N, D = net->D, H = net->H, C = net->C;
    size_t n, d, h, c;
    double *prob;
    double t;

    prob = malloc(C * sizeof(double));
    if (prob == NULL)
        return 1;

    zero_all(g);

    for (n = 0; n < N; n++)
    {
        softmax_row(cache->z2, n, C, prob);

        /* scores */
        for (c = 0; c < C; c++)
        {
            t = prob[c];
            if (c == y[n])
                t -= 1.0;
            gsl_matrix_set(g->dz2, n, c, t / (double) N);
            gsl_vector_set(g->db2, c, gsl_vector_get(g->db2, c) + t / (double) N);
        }

        /* second layer weights, and hidden layer */
        for (h = 0; h < H; h++)
        {
            t = 0.0;
            for (c = 0; c < C; c++)
            {
                add_to(g->dW2, h, c, gsl_matrix_get(cache->p1, n, h) * gsl_matrix_get(g->dz2, n, c));
                t += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
            }
            gsl_matrix_set(g->dp1, n, h, t);
            if (gsl_matrix_get(cache->z1, n, h) > 0.0)
                gsl_matrix_set(g->dz1, n, h, t);
            /* else it stays 0 from zero_all */
        }

        /* first layer */
        for (h = 0; h < H; h++)
        {
            t = gsl_matrix_get(g->dz1, n, h);
            gsl_vector_set(g->db1, h, gsl_vector_get(g->db1, h) + t);
            for (d = 0; d < D; d++)
                add_to(g->dW1, d, h, gsl_matrix_get(X, n, d) * t);
        }
    }

    /* regularization, once, not per sample */
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
            add_to(g->dW2, h, c, 2.0 * reg * gsl_matrix_get(net->W2, h, c));
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
            add_to(g->dW1, d, h, 2.0 * reg * gsl_matrix_get(net->W1, d, h));

    free(prob);
    g->present = BP_GRADS_ALL;
    return 0;
}
