/* CPSC 340 / A4 Q2 -- backward pass of the two layer net
 * Everything done with get/set loops, no BLAS.
 * Compiles with the Makefile from the handout. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double s;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dscores = (probs - onehot) / N */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            double p = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i])
                p -= 1.0;
            gsl_matrix_set(g->dz2, i, k, p / N);
        }
    }

    /* dW2 = p1^T dz2 + 2 reg W2 */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            s = 0.0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, s + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    /* db2 = sum over the batch */
    for (k = 0; k < C; k++) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    /* dp1 = dz2 W2^T */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            s = 0.0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
        }
    }

    /* relu: gradient only flows where z1 > 0 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (i = 0; i < D; i++) {
        for (j = 0; j < H; j++) {
            s = 0.0;
            for (k = 0; k < N; k++)
                s += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
            gsl_matrix_set(g->dW1, i, j, s + 2.0 * reg * gsl_matrix_get(net->W1, i, j));
        }
    }

    /* db1 */
    for (j = 0; j < H; j++) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
