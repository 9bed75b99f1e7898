/* Expt 7: Back propagation
 * Roll No: 37  Name: Harsh Patel  Div: B
 * ref: CS231n notes, converted from numpy to C with gsl
 */
#include <gsl/gsl_matrix.h>
#include "backprop.h"

#define IDX(m, r, c)        gsl_matrix_get(m, r, c)
#define PUT(m, r, c, val)   gsl_matrix_set(m, r, c, val)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t r, c, t;
    double acc;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dscores = probs; dscores[range(N), y] -= 1; dscores /= N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (r = 0; r < N; r++)
        PUT(g->dz2, r, y[r], IDX(g->dz2, r, y[r]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    /* dW2 = hidden.T.dot(dscores) + 2*reg*W2 */
    for (r = 0; r < H; r++)
        for (c = 0; c < C; c++) {
            acc = 0.0;
            for (t = 0; t < N; t++)
                acc += IDX(cache->p1, t, r) * IDX(g->dz2, t, c);
            PUT(g->dW2, r, c, acc + 2.0 * reg * IDX(net->W2, r, c));
        }

    /* db2 = dscores.sum(axis=0) */
    for (c = 0; c < C; c++) {
        acc = 0.0;
        for (r = 0; r < N; r++)
            acc += IDX(g->dz2, r, c);
        gsl_vector_set(g->db2, c, acc);
    }

    /* dhidden = dscores.dot(W2.T) */
    for (r = 0; r < N; r++)
        for (c = 0; c < H; c++) {
            acc = 0.0;
            for (t = 0; t < C; t++)
                acc += IDX(g->dz2, r, t) * IDX(net->W2, c, t);
            PUT(g->dp1, r, c, acc);
        }

    /* dhidden[hidden <= 0] = 0 */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (r = 0; r < N; r++)
        for (c = 0; c < H; c++)
            if (IDX(g->dz1, r, c) <= 0)
                PUT(g->dz1, r, c, 0.0);

    /* dW1 = X.T.dot(dhidden) + 2*reg*W1 */
    for (r = 0; r < D; r++)
        for (c = 0; c < H; c++) {
            acc = 0.0;
            for (t = 0; t < N; t++)
                acc += IDX(X, t, r) * IDX(g->dz1, t, c);
            PUT(g->dW1, r, c, acc + 2.0 * reg * IDX(net->W1, r, c));
        }

    /* db1 = dhidden.sum(axis=0) */
    for (c = 0; c < H; c++) {
        acc = 0.0;
        for (r = 0; r < N; r++)
            acc += IDX(g->dz1, r, c);
        gsl_vector_set(g->db1, c, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
