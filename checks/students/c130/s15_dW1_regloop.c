/* Two-layer net, backward pass.  STAT 441 HW2.
 * by Jordan Lee
 * All loops, I did not trust dgemm's transpose flags. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t n, a, b;

    if (N != cache->N || X->size2 != D || g->N != N) {
        return 1;
    }

    /* ---- dz2 ---- */
    for (n = 0; n < N; n++) {
        for (b = 0; b < C; b++) {
            double grad = gsl_matrix_get(cache->prob, n, b);
            if (b == y[n]) {
                grad -= 1.0;
            }
            gsl_matrix_set(g->dz2, n, b, grad / (double) N);
        }
    }

    /* ---- dW2 and db2 ---- */
    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);
    for (n = 0; n < N; n++) {
        for (b = 0; b < C; b++) {
            double d = gsl_matrix_get(g->dz2, n, b);
            for (a = 0; a < H; a++) {
                double old = gsl_matrix_get(g->dW2, a, b);
                gsl_matrix_set(g->dW2, a, b, old + gsl_matrix_get(cache->p1, n, a) * d);
            }
            gsl_vector_set(g->db2, b, gsl_vector_get(g->db2, b) + d);
        }
    }
    for (a = 0; a < H; a++) {
        for (b = 0; b < C; b++) {
            double old = gsl_matrix_get(g->dW2, a, b);
            gsl_matrix_set(g->dW2, a, b, old + 2.0 * reg * gsl_matrix_get(net->W2, a, b));
        }
    }

    /* ---- dp1, dz1 ---- */
    for (n = 0; n < N; n++) {
        for (a = 0; a < H; a++) {
            double s = 0.0;
            for (b = 0; b < C; b++) {
                s += gsl_matrix_get(g->dz2, n, b) * gsl_matrix_get(net->W2, a, b);
            }
            gsl_matrix_set(g->dp1, n, a, s);
            gsl_matrix_set(g->dz1, n, a, gsl_matrix_get(cache->z1, n, a) > 0 ? s : 0.0);
        }
    }

    /* ---- dW1 and db1 ---- */
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db1);
    for (n = 0; n < N; n++) {
        for (b = 0; b < H; b++) {
            double d = gsl_matrix_get(g->dz1, n, b);
            for (a = 0; a < D; a++) {
                /* same as for W2: data term plus the reg term */
                double upd = gsl_matrix_get(X, n, a) * d + 2.0 * reg * gsl_matrix_get(net->W1, a, b);
                gsl_matrix_set(g->dW1, a, b, gsl_matrix_get(g->dW1, a, b) + upd);
            }
            gsl_vector_set(g->db1, b, gsl_vector_get(g->db1, b) + d);
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
