/* Assignment 2: backprop through the two-layer network.
 * Names follow the lecture notes: probs, dscores, hidden, dhidden. */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    gsl_matrix *dscores = g->dz2;
    gsl_matrix *dhidden = g->dp1;

    /* dscores = probs; dscores[range(N), y] -= 1; dscores /= N */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            *gsl_matrix_ptr(dscores, i, k) = gsl_matrix_get(cache->prob, i, k);
    for (i = 0; i < N; i++)
        *gsl_matrix_ptr(dscores, i, y[i]) -= 1.0;
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            *gsl_matrix_ptr(dscores, i, k) /= N;

    /* dW2 = hidden.T @ dscores + 2*reg*W2, db2 = sum(dscores, axis=0) */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double acc = 2 * reg * gsl_matrix_get(net->W2, j, k);
            for (i = 0; i < N; i++)
                acc += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(dscores, i, k);
            gsl_matrix_set(g->dW2, j, k, acc);
        }
    for (k = 0; k < C; k++) {
        double acc = 0;
        for (i = 0; i < N; i++)
            acc += gsl_matrix_get(dscores, i, k);
        gsl_vector_set(g->db2, k, acc);
    }

    /* dhidden = dscores @ W2.T */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double acc = 0;
            for (k = 0; k < C; k++)
                acc += gsl_matrix_get(dscores, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(dhidden, i, j, acc);
        }

    /* backprop the ReLU non-linearity: dhidden[dhidden <= 0] = 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double d = gsl_matrix_get(dhidden, i, j);
            gsl_matrix_set(g->dz1, i, j, d <= 0 ? 0.0 : d);
        }

    /* dW1 = X.T @ dhidden + 2*reg*W1, db1 = sum(dhidden, axis=0) */
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) {
            double acc = 2 * reg * gsl_matrix_get(net->W1, i, j);
            for (k = 0; k < N; k++)
                acc += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
            gsl_matrix_set(g->dW1, i, j, acc);
        }
    for (j = 0; j < H; j++) {
        double acc = 0;
        for (i = 0; i < N; i++)
            acc += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
