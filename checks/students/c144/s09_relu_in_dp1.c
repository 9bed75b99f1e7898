// backward.c - homework 5, backprop through the two layer network
// EE 3xx numerical methods.  Uses row views and ddot for the sums
// (each entry of a product is a dot product of a row and a column, eq 6.3)

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double dot;
    double oneoverN = 1.0 / (double)N;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    // eq 6.1: dscores = (probs - onehot) / N
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dz2, i, k, oneoverN * (gsl_matrix_get(cache->prob, i, k)
                                                     - (double)(k == y[i])));

    // eq 6.2: dW2 = p1^T dz2 + 2 reg W2  (column j of p1 dot column k of dz2)
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            gsl_vector_const_view pcol = gsl_matrix_const_column(cache->p1, j);
            gsl_vector_const_view dcol = gsl_matrix_const_column(g->dz2, k);
            gsl_blas_ddot(&pcol.vector, &dcol.vector, &dot);
            gsl_matrix_set(g->dW2, j, k, dot + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
        }

    // eq 6.3: db2
    for (k = 0; k < C; k++) {
        dot = 0.0;
        for (i = 0; i < N; i++)
            dot += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, dot);
    }

    // eq 6.4: dp1 = dz2 W2^T, row i of dz2 dot row j of W2.
    // p1 is zero where the unit is off, so no gradient goes there
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            gsl_vector_const_view drow = gsl_matrix_const_row(g->dz2, i);
            gsl_vector_const_view wrow = gsl_matrix_const_row(net->W2, j);
            gsl_blas_ddot(&drow.vector, &wrow.vector, &dot);
            gsl_matrix_set(g->dp1, i, j, gsl_matrix_get(cache->p1, i, j) > 0.0 ? dot : 0.0);
        }

    // eq 6.5: through the relu
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0.0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }

    // eq 6.6: dW1 = X^T dz1 + 2 reg W1
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            gsl_vector_const_view xcol = gsl_matrix_const_column(X, k);
            gsl_vector_const_view dcol = gsl_matrix_const_column(g->dz1, j);
            gsl_blas_ddot(&xcol.vector, &dcol.vector, &dot);
            gsl_matrix_set(g->dW1, k, j, dot + 2.0 * reg * gsl_matrix_get(net->W1, k, j));
        }

    // eq 6.7: db1
    for (j = 0; j < H; j++) {
        dot = 0.0;
        for (i = 0; i < N; i++)
            dot += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, dot);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
