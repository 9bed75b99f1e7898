/*
 * Lab 4: backpropagation, one training example at a time, as in the
 * book's algorithm box ("for each example <x, t> in the batch ...").
 * Gradients are summed over the examples; the 1/N is in delta_out.
 */
#include <stdlib.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define W_OUT(j, k)  gsl_matrix_get(net->W2, (j), (k))
#define A_HID(i, j)  gsl_matrix_get(cache->p1, (i), (j))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* delta_k = (o_k - t_k) / N for example i */
static void output_delta(const bp_cache *cache, size_t i, size_t label,
                         size_t N, gsl_matrix *delta_out)
{
    size_t k;
    for (k = 0; k < cache->C; k++)
    {
        double t = (k == label) ? 1.0 : 0.0;
        gsl_matrix_set(delta_out, i, k,
                       (gsl_matrix_get(cache->prob, i, k) - t) / (double)N);
    }
}

/* grad[r][c] += in[i][r] * delta[i][c]: the outer product of example i */
static void add_outer(gsl_matrix *grad, const gsl_matrix *in,
                      const gsl_matrix *delta, size_t i)
{
    size_t r, c;
    for (r = 0; r < grad->size1; r++)
        for (c = 0; c < grad->size2; c++)
            gsl_matrix_set(grad, r, c, gsl_matrix_get(grad, r, c)
                           + gsl_matrix_get(in, i, r) * gsl_matrix_get(delta, i, c));
}

/* grad_b[c] += delta[i][c] */
static void add_row(gsl_vector *grad_b, const gsl_matrix *delta, size_t i)
{
    size_t c;
    for (c = 0; c < grad_b->size; c++)
        gsl_vector_set(grad_b, c, gsl_vector_get(grad_b, c) + gsl_matrix_get(delta, i, c));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db1);

    for (i = 0; i < N; i++)
    {
        output_delta(cache, i, y[i], N, g->dz2);
        add_outer(g->dW2, cache->p1, g->dz2, i);
        add_row(g->db2, g->dz2, i);

        for (j = 0; j < H; j++)
        {
            double err = 0.0;
            for (k = 0; k < C; k++)
                err += gsl_matrix_get(g->dz2, i, k) * W_OUT(j, k);
            gsl_matrix_set(g->dp1, i, j, err);
            /* derivative of the rectifier: 1 where the unit fired */
            gsl_matrix_set(g->dz1, i, j, A_HID(i, j) > 0.0 ? err : 0.0);
        }

        add_outer(g->dW1, X, g->dz1, i);
        add_row(g->db1, g->dz1, i);
    }

    /* weight decay, d/dw of reg * w^2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dW2, j, k, gsl_matrix_get(g->dW2, j, k) + 2.0 * reg * W_OUT(j, k));
    for (i = 0; i < net->D; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j)
                           + 2.0 * reg * gsl_matrix_get(net->W1, i, j));

    g->present = BP_GRADS_ALL;
    return 0;
}
