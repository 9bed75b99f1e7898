// backward.c -- HW3 part 2 (two-layer net, by hand)
// Jonas Lindqvist
//
// Trick from the TA session: carry the *unscaled* error
// delta = prob - onehot(y) all the way down and divide by N only at the
// very end.  Every gradient is linear in delta, so it's the same thing,
// and I don't have 1/N floating around in every loop.
// The L2 part is added after the scaling (it is not averaged).
//
// I also wanted to try the loops "column first" (j outer, i inner),
// Fortran style, like in the numerics course.

#include <stddef.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void scale_matrix(gsl_matrix *A, double s)
{
    for (size_t j = 0; j < A->size2; j++)
        for (size_t i = 0; i < A->size1; i++)
            A->data[i * A->tda + j] *= s;
}

static void scale_vector(gsl_vector *v, double s)
{
    size_t k = v->size;
    while (k-- > 0)
        v->data[k * v->stride] *= s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    // delta = prob - onehot, stored in dz2 for now (unscaled!)
    for (size_t j = 0; j < C; j++)
        for (size_t i = 0; i < N; i++) {
            double d = gsl_matrix_get(cache->prob, i, j);
            if (y[i] == j)
                d -= 1.0;
            gsl_matrix_set(g->dz2, i, j, d);
        }

    // dW2 = p1^T delta (H x C) and db2 = column sums of delta
    for (size_t j = 0; j < C; j++) {
        double colsum = 0.0;
        size_t i = N;
        while (i-- > 0)
            colsum += g->dz2->data[i * g->dz2->tda + j];
        gsl_vector_set(g->db2, j, colsum);

        for (size_t h = 0; h < H; h++) {
            double acc = 0.0;
            for (size_t n = 0; n < N; n++)
                acc += gsl_matrix_get(cache->p1, n, h) * gsl_matrix_get(g->dz2, n, j);
            gsl_matrix_set(g->dW2, h, j, acc);
        }
    }

    // dp1 = delta W2^T (N x H); dz1 = dp1 where z1 > 0, else 0
    for (size_t h = 0; h < H; h++)
        for (size_t i = 0; i < N; i++) {
            double acc = 0.0;
            size_t j = C;
            while (j-- > 0)
                acc += gsl_matrix_get(g->dz2, i, j) * gsl_matrix_get(net->W2, h, j);
            gsl_matrix_set(g->dp1, i, h, acc);
            gsl_matrix_set(g->dz1, i, h, gsl_matrix_get(cache->z1, i, h) > 0.0 ? acc : 0.0);
        }

    // dW1 = X^T dz1 (D x H), db1 = column sums of dz1
    for (size_t h = 0; h < H; h++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, h);
        gsl_vector_set(g->db1, h, s);

        for (size_t d = 0; d < D; d++) {
            double acc = 0.0;
            for (size_t i = 0; i < N; i++)
                acc += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, h);
            gsl_matrix_set(g->dW1, d, h, acc);
        }
    }

    // now the mean: 1/N on all seven
    const double invN = 1.0 / (double) N;
    scale_matrix(g->dz2, invN);
    scale_matrix(g->dW2, invN);
    scale_vector(g->db2, invN);
    scale_matrix(g->dp1, invN);
    scale_matrix(g->dz1, invN);
    scale_matrix(g->dW1, invN);
    scale_vector(g->db1, invN);

    // L2: d/dW of reg*||W||^2 is 2*reg*W -- after the scaling
    for (size_t h = 0; h < H; h++)
        for (size_t d = 0; d < D; d++)
            g->dW1->data[d * g->dW1->tda + h] += 2.0 * reg * gsl_matrix_get(net->W1, d, h);
    for (size_t j = 0; j < C; j++)
        for (size_t h = 0; h < H; h++)
            g->dW2->data[h * g->dW2->tda + j] += 2.0 * reg * gsl_matrix_get(net->W2, h, j);

    g->present = BP_GRADS_ALL;
    return 0;
}
