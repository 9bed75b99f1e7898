/* HW4 backward pass.
 * I redo the forward pass of the hidden layer here (hidden = relu(X W1 + b1))
 * because I want dW2 and the relu mask from the same numbers, and I redo
 * the softmax from the scores.  Loops only, no BLAS. */

#include <math.h>
#include <stdlib.h>
#include "backprop.h"

#define G(m, i, j)    gsl_matrix_get(m, i, j)
#define S(m, i, j, v) gsl_matrix_set(m, i, j, v)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k, d;
    gsl_matrix *hidden, *probs;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;
    hidden = gsl_matrix_alloc(N, H);
    probs = gsl_matrix_alloc(N, C);

    /* hidden layer */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double a = 0.0;
            for (d = 0; d < D; d++)
                a += G(X, i, d) * G(net->W1, d, j) + gsl_vector_get(net->b1, j);
            S(hidden, i, j, a > 0.0 ? a : 0.0);
        }

    /* probabilities */
    for (i = 0; i < N; i++) {
        double mx = G(cache->z2, i, 0), sum = 0.0;
        for (k = 1; k < C; k++)
            if (G(cache->z2, i, k) > mx) mx = G(cache->z2, i, k);
        for (k = 0; k < C; k++) {
            S(probs, i, k, exp(G(cache->z2, i, k) - mx));
            sum += G(probs, i, k);
        }
        for (k = 0; k < C; k++)
            S(probs, i, k, G(probs, i, k) / sum);
    }

    /* dz2 */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            S(g->dz2, i, k, (G(probs, i, k) - (k == y[i])) / (double)N);

    /* dW2 = hidden^T dz2 + 2 reg W2, db2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double a = 2.0 * reg * G(net->W2, j, k);
            for (i = 0; i < N; i++)
                a += G(hidden, i, j) * G(g->dz2, i, k);
            S(g->dW2, j, k, a);
        }
    for (k = 0; k < C; k++) {
        double a = 0.0;
        for (i = 0; i < N; i++)
            a += G(g->dz2, i, k);
        gsl_vector_set(g->db2, k, a);
    }

    /* dp1 and dz1 (mask: hidden > 0) */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double a = 0.0;
            for (k = 0; k < C; k++)
                a += G(g->dz2, i, k) * G(net->W2, j, k);
            S(g->dp1, i, j, a);
            S(g->dz1, i, j, G(hidden, i, j) > 0.0 ? a : 0.0);
        }

    /* dW1 = X^T dz1 + 2 reg W1, db1 */
    for (d = 0; d < D; d++)
        for (j = 0; j < H; j++) {
            double a = 2.0 * reg * G(net->W1, d, j);
            for (i = 0; i < N; i++)
                a += G(X, i, d) * G(g->dz1, i, j);
            S(g->dW1, d, j, a);
        }
    for (j = 0; j < H; j++) {
        double a = 0.0;
        for (i = 0; i < N; i++)
            a += G(g->dz1, i, j);
        gsl_vector_set(g->db1, j, a);
    }

    gsl_matrix_free(hidden);
    gsl_matrix_free(probs);
    g->present = BP_GRADS_ALL;
    return 0;
}
