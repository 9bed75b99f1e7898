/*
 * backward.c -- Assignment 6 (AI engineering bootcamp)
 *
 * I reused the backprop code from my "digits with MSE" project.  There the
 * output delta was (output - target) * f'(net), and for a linear output
 * layer f' = 1, so delta = output - target.  Divided by N because the loss
 * here is a mean.
 */

#include <stdbool.h>
#include <stddef.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* ------------------------------------------------------------------ */
/* helpers copied from my old project (with GSL instead of arrays)     */
/* ------------------------------------------------------------------ */

/* delta = scale * (output - onehot(labels)) */
static int output_layer_delta(const gsl_matrix *output, const size_t *labels,
                              double scale, gsl_matrix *delta)
{
    size_t i, k;

    if (output == NULL || labels == NULL || delta == NULL)
    {
        return -1;
    }
    for (i = 0; i < output->size1; i++)
    {
        for (k = 0; k < output->size2; k++)
        {
            double target = (labels[i] == k) ? 1.0 : 0.0;
            gsl_matrix_set(delta, i, k,
                           scale * (gsl_matrix_get(output, i, k) - target));
        }
    }
    return 0;
}

/* grad_W = input^T delta + 2 reg W,  grad_b = sum of delta rows */
static int dense_param_grads(const gsl_matrix *input, const gsl_matrix *delta,
                             const gsl_matrix *W, double reg,
                             gsl_matrix *grad_W, gsl_vector *grad_b)
{
    size_t i, j, n;

    if (input == NULL || delta == NULL || W == NULL)
    {
        return -1;
    }
    if (grad_W != NULL)
    {
        for (i = 0; i < grad_W->size1; i++)
        {
            for (j = 0; j < grad_W->size2; j++)
            {
                double acc = 0.0;
                for (n = 0; n < input->size1; n++)
                {
                    acc += gsl_matrix_get(input, n, i) * gsl_matrix_get(delta, n, j);
                }
                gsl_matrix_set(grad_W, i, j, acc + 2.0 * reg * gsl_matrix_get(W, i, j));
            }
        }
    }
    if (grad_b != NULL)
    {
        for (j = 0; j < grad_b->size; j++)
        {
            double acc = 0.0;
            for (n = 0; n < delta->size1; n++)
            {
                acc += gsl_matrix_get(delta, n, j);
            }
            gsl_vector_set(grad_b, j, acc);
        }
    }
    return 0;
}

/* grad_in = delta W^T */
static int dense_input_grad(const gsl_matrix *delta, const gsl_matrix *W,
                            gsl_matrix *grad_in)
{
    size_t n, i, j;

    if (delta == NULL || W == NULL || grad_in == NULL)
    {
        return -1;
    }
    for (n = 0; n < grad_in->size1; n++)
    {
        for (i = 0; i < grad_in->size2; i++)
        {
            double acc = 0.0;
            for (j = 0; j < W->size2; j++)
            {
                acc += gsl_matrix_get(delta, n, j) * gsl_matrix_get(W, i, j);
            }
            gsl_matrix_set(grad_in, n, i, acc);
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N, n, h;
    int err = 0;

    if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL)
    {
        return 1;
    }
    N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N)
    {
        return 1;
    }

    /* 1. output delta: (output - target) / N, output layer is linear */
    err |= output_layer_delta(cache->z2, y, 1.0 / (double)N, g->dz2);

    /* 2 + 3. dW2, db2 */
    err |= dense_param_grads(cache->p1, g->dz2, net->W2, reg, g->dW2, g->db2);

    /* 4. dp1 */
    err |= dense_input_grad(g->dz2, net->W2, g->dp1);

    /* 5. dz1 = dp1 * relu'(z1) */
    for (n = 0; n < N; n++)
    {
        for (h = 0; h < net->H; h++)
        {
            bool active = gsl_matrix_get(cache->z1, n, h) > 0.0;
            gsl_matrix_set(g->dz1, n, h, active ? gsl_matrix_get(g->dp1, n, h) : 0.0);
        }
    }

    /* 6 + 7. dW1, db1 */
    err |= dense_param_grads(X, g->dz1, net->W1, reg, g->dW1, g->db1);

    if (err != 0)
    {
        return 1;
    }
    g->present = BP_GRADS_ALL;
    return 0;
}
