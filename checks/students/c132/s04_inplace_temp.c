// Homework 4 backward pass  (Tom)
//
// My approach: compute the data part of every gradient first, then add
// the regularization at the end for both weight matrices in one go.
// dZ1 is done "in place": copy dA1 into it, then zero the dead units.

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double inv_n = 1.0 / (double) N;
    gsl_matrix *dZ2, *dZ1;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    // work on a temporary, copy into g at the end
    dZ2 = gsl_matrix_alloc (N, C);
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++) {
            double target = (y[i] == k) ? 1.0 : 0.0;
            gsl_matrix_set (dZ2, i, k, inv_n * (gsl_matrix_get (cache->prob, i, k) - target));
        }
    gsl_matrix_memcpy (g->dz2, dZ2);

    // dW2 and db2 -- zero them, then accumulate example by example
    gsl_matrix_set_zero (g->dW2);
    gsl_vector_set_zero (g->db2);
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++) {
            double d = gsl_matrix_get (dZ2, i, k);
            for (j = 0; j < H; j++)
                gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k)
                                + gsl_matrix_get (cache->p1, i, j) * d);
            gsl_vector_set (g->db2, k, gsl_vector_get (g->db2, k) + d);
        }

    // dA1
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get (dZ2, i, k) * gsl_matrix_get (net->W2, j, k);
            gsl_matrix_set (g->dp1, i, j, s);
        }

    // dZ1: in place.  A unit is dead if its output p1 is 0 (same as z1 <= 0)
    dZ1 = g->dz1;
    gsl_matrix_memcpy (dZ1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get (cache->p1, i, j) <= 0.0)
                gsl_matrix_set (dZ1, i, j, 0.0);

    // dW1, db1 -- same accumulation as layer 2
    gsl_matrix_set_zero (g->dW1);
    gsl_vector_set_zero (g->db1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double d = gsl_matrix_get (dZ1, i, j);
            for (k = 0; k < D; k++)
                gsl_matrix_set (g->dW1, k, j, gsl_matrix_get (g->dW1, k, j)
                                + gsl_matrix_get (X, i, k) * d);
            gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + d);
        }

    // regularization last: d/dW of reg*|W|^2 is 2*reg*W
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k)
                            + 2 * reg * gsl_matrix_get (net->W2, j, k));
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++)
            gsl_matrix_set (g->dW1, k, j, gsl_matrix_get (g->dW1, k, j)
                            + 2 * reg * gsl_matrix_get (net->W1, k, j));

    gsl_matrix_free (dZ2);
    g->present = BP_GRADS_ALL;
    return 0;
}
