/* backward.c
 * Retake, spring.  Wrote every gradient out fully by hand, one loop nest
 * each.  Comments are my notes from the lecture. */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, d, h, c;
    double acc;

    if (N != cache->N || X->size2 != D || g->N != N) {
        return 1;
    }

    /* dscores = (probs - 1{y}) / N */
    for (n = 0; n < N; n++) {
        for (c = 0; c < C; c++) {
            double v = gsl_matrix_get(cache->prob, n, c);
            if (c == y[n]) v -= 1.0;
            gsl_matrix_set(g->dz2, n, c, v / N);
        }
    }

    /* dW2 = hidden^T dscores + reg part.
       reg part: d/dW (reg * W^2) = 2 reg W ... but in lecture the 2 cancelled
       with the 1/2.  so just reg * W. */
    for (h = 0; h < H; h++) {
        for (c = 0; c < C; c++) {
            acc = 0.0;
            for (n = 0; n < N; n++) {
                acc += gsl_matrix_get(cache->p1, n, h) * gsl_matrix_get(g->dz2, n, c);
            }
            gsl_matrix_set(g->dW2, h, c, acc + reg * gsl_matrix_get(net->W2, h, c));
        }
    }

    /* db2 */
    for (c = 0; c < C; c++) {
        acc = 0.0;
        for (n = 0; n < N; n++) acc += gsl_matrix_get(g->dz2, n, c);
        gsl_vector_set(g->db2, c, acc);
    }

    /* dhidden = dscores W2^T */
    for (n = 0; n < N; n++) {
        for (h = 0; h < H; h++) {
            acc = 0.0;
            for (c = 0; c < C; c++) {
                acc += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
            }
            gsl_matrix_set(g->dp1, n, h, acc);
        }
    }

    /* relu backward */
    for (n = 0; n < N; n++) {
        for (h = 0; h < H; h++) {
            double z = gsl_matrix_get(cache->z1, n, h);
            gsl_matrix_set(g->dz1, n, h, z > 0 ? gsl_matrix_get(g->dp1, n, h) : 0.0);
        }
    }

    /* dW1 = X^T dz1 + 2 reg W1   (copied the formula from my notes this time) */
    for (d = 0; d < D; d++) {
        for (h = 0; h < H; h++) {
            acc = 0.0;
            for (n = 0; n < N; n++) {
                acc += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
            }
            gsl_matrix_set(g->dW1, d, h, acc + 2 * reg * gsl_matrix_get(net->W1, d, h));
        }
    }

    /* db1 */
    for (h = 0; h < H; h++) {
        acc = 0.0;
        for (n = 0; n < N; n++) acc += gsl_matrix_get(g->dz1, n, h);
        gsl_vector_set(g->db1, h, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
