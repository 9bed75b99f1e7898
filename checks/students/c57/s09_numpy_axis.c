// backward.c
// Week 6 -- port of my numpy solution to C.
// I made little numpy-like helpers so the C reads like the Python:
//     np.dot(a.T, b)        -> dot_tn(a, b, out)
//     np.dot(a, b.T)        -> dot_nt(a, b, out)
//     np.sum(a, axis=...)   -> sum_axis(a, axis, out)

#include <stdbool.h>
#include <stddef.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// out = a^T b      a (n x p), b (n x q), out (p x q)
static void dot_tn(const gsl_matrix *a, const gsl_matrix *b, gsl_matrix *out)
{
    for (size_t r = 0; r < out->size1; r++)
        for (size_t c = 0; c < out->size2; c++) {
            double s = 0.0;
            for (size_t n = 0; n < a->size1; n++)
                s += gsl_matrix_get(a, n, r) * gsl_matrix_get(b, n, c);
            gsl_matrix_set(out, r, c, s);
        }
}

// out = a b^T      a (n x q), b (p x q), out (n x p)
static void dot_nt(const gsl_matrix *a, const gsl_matrix *b, gsl_matrix *out)
{
    for (size_t r = 0; r < out->size1; r++)
        for (size_t c = 0; c < out->size2; c++) {
            double s = 0.0;
            for (size_t q = 0; q < a->size2; q++)
                s += gsl_matrix_get(a, r, q) * gsl_matrix_get(b, c, q);
            gsl_matrix_set(out, r, c, s);
        }
}

// like np.sum(a, axis=axis):
//   axis 0 -> add up the rows    (one number per column)
//   axis 1 -> add up the columns (one number per row)
static void sum_axis(const gsl_matrix *a, int axis, gsl_vector *out)
{
    if (a == NULL || out == NULL)
        return;
    for (size_t i = 0; i < out->size; i++) {
        double s = 0.0;
        if (axis == 0) {
            for (size_t n = 0; n < a->size1; n++)
                s += gsl_matrix_get(a, n, i);
        } else {
            for (size_t n = 0; n < a->size2; n++)
                s += gsl_matrix_get(a, i, n);
        }
        gsl_vector_set(out, i, s);
    }
}

// dW += 2 reg W   (np: dW += 2 * reg * W)
static void add_l2(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    for (size_t i = 0; i < dW->size1; i++)
        for (size_t j = 0; j < dW->size2; j++)
            gsl_matrix_set(dW, i, j, gsl_matrix_get(dW, i, j)
                                     + 2.0 * reg * gsl_matrix_get(W, i, j));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (!net || !X || !y || !cache || !g)
        return 1;
    size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dscores = probs; dscores[range(N), y] -= 1; dscores /= N
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    // grads['W2'] = hidden.T.dot(dscores) + 2 * reg * W2
    dot_tn(cache->p1, g->dz2, g->dW2);
    add_l2(g->dW2, net->W2, reg);

    // grads['b2'] = np.sum(dscores, axis=1)   (sum over the batch)
    sum_axis(g->dz2, 1, g->db2);

    // dhidden = dscores.dot(W2.T)
    dot_nt(g->dz2, net->W2, g->dp1);

    // dhidden[z1 <= 0] = 0
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < net->H; j++) {
            bool dead = gsl_matrix_get(cache->z1, i, j) <= 0.0;
            gsl_matrix_set(g->dz1, i, j, dead ? 0.0 : gsl_matrix_get(g->dp1, i, j));
        }

    // grads['W1'] = X.T.dot(dhidden) + 2 * reg * W1
    dot_tn(X, g->dz1, g->dW1);
    add_l2(g->dW1, net->W1, reg);

    // grads['b1'] = np.sum(dhidden, axis=0)
    // (axis=1 crashed here with "gsl: index out of range", 0 works)
    sum_axis(g->dz1, 0, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
