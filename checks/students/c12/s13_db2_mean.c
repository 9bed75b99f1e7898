/* backward.c
 *
 * I keep my own "delta" matrices without the 1/N (delta2 for the output
 * layer, delta1 for the hidden layer) and divide by N when I write each
 * gradient into g.  That way delta1 is computed from delta2 only once.
 */
#include <stdio.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double tmp;
    gsl_matrix *delta2 = gsl_matrix_alloc(N, C);
    gsl_matrix *delta1 = gsl_matrix_alloc(N, H);

    if (delta2 == NULL || delta1 == NULL)
        return 1;

    /* ---------------- layer 2 ---------------- */
    /* delta2 = prob - onehot(y) */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            tmp = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i])
                tmp = tmp - 1.0;
            gsl_matrix_set(delta2, i, j, tmp);
            gsl_matrix_set(g->dz2, i, j, tmp / N);
        }
    }
    /* dW2 = p1^T delta2 / N + 2 reg W2 */
    for (i = 0; i < H; i++) {
        for (j = 0; j < C; j++) {
            tmp = 0;
            for (k = 0; k < N; k++)
                tmp += gsl_matrix_get(cache->p1, k, i) * gsl_matrix_get(delta2, k, j);
            gsl_matrix_set(g->dW2, i, j, tmp / N + 2 * reg * gsl_matrix_get(net->W2, i, j));
        }
    }
    /* db2 = sum of delta2 over the batch */
    for (j = 0; j < C; j++) {
        tmp = 0;
        for (k = 0; k < N; k++)
            tmp += gsl_matrix_get(delta2, k, j);
        gsl_vector_set(g->db2, j, tmp);
    }

    /* ---------------- layer 1 ---------------- */
    /* delta1 = (delta2 W2^T) * relu'(z1),  dp1 = delta2 W2^T / N */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            tmp = 0;
            for (k = 0; k < C; k++)
                tmp += gsl_matrix_get(delta2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, tmp / N);
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                tmp = 0;
            gsl_matrix_set(delta1, i, j, tmp);
            gsl_matrix_set(g->dz1, i, j, tmp / N);
        }
    }
    /* dW1 = X^T delta1 / N + 2 reg W1 */
    for (i = 0; i < D; i++) {
        for (j = 0; j < H; j++) {
            tmp = 0;
            for (k = 0; k < N; k++)
                tmp += gsl_matrix_get(X, k, i) * gsl_matrix_get(delta1, k, j);
            gsl_matrix_set(g->dW1, i, j, tmp / N + 2 * reg * gsl_matrix_get(net->W1, i, j));
        }
    }
    /* db1 = sum of delta1 over the batch */
    for (j = 0; j < H; j++) {
        tmp = 0;
        for (k = 0; k < N; k++)
            tmp += gsl_matrix_get(delta1, k, j);
        gsl_vector_set(g->db1, j, tmp / N);
    }

    gsl_matrix_free(delta2);
    gsl_matrix_free(delta1);

    g->present = BP_GRADS_ALL;
    return 0;
}
