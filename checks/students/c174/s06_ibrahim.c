/* Ibrahim M. - Lab 3 (backprop)
   all loops */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t n, d, h, c;
    double acc, target;

    if (N != cache->N || X->size2 != D || g->N != N) {
        return 1;
    }

    /* softmax + cross entropy grad */
    for (n = 0; n < N; n++) {
        for (c = 0; c < C; c++) {
            target = (c == y[n]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, n, c, gsl_matrix_get(cache->prob, n, c) - target);
        }
    }

    /* W2 grad with regularisation */
    for (h = 0; h < H; h++) {
        for (c = 0; c < C; c++) {
            acc = 0.0;
            for (n = 0; n < N; n++) {
                acc += gsl_matrix_get(cache->p1, n, h) * gsl_matrix_get(g->dz2, n, c);
            }
            acc += 2 * reg * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dW2, h, c, acc);
        }
    }

    /* b2 grad */
    for (c = 0; c < C; c++) {
        acc = 0.0;
        for (n = 0; n < N; n++) {
            acc += gsl_matrix_get(g->dz2, n, c);
        }
        gsl_vector_set(g->db2, c, acc);
    }

    /* hidden layer grad */
    for (n = 0; n < N; n++) {
        for (h = 0; h < H; h++) {
            acc = 0.0;
            for (c = 0; c < C; c++) {
                acc += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
            }
            gsl_matrix_set(g->dp1, n, h, acc);
        }
    }

    /* through relu */
    for (n = 0; n < N; n++) {
        for (h = 0; h < H; h++) {
            if (gsl_matrix_get(cache->z1, n, h) > 0.0) {
                gsl_matrix_set(g->dz1, n, h, gsl_matrix_get(g->dp1, n, h));
            } else {
                gsl_matrix_set(g->dz1, n, h, 0.0);
            }
        }
    }

    /* W1 grad */
    for (d = 0; d < D; d++) {
        for (h = 0; h < H; h++) {
            acc = 0.0;
            for (n = 0; n < N; n++) {
                acc += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
            }
            acc += 2 * reg * gsl_matrix_get(net->W1, d, h);
            gsl_matrix_set(g->dW1, d, h, acc);
        }
    }

    /* b1 grad */
    for (h = 0; h < H; h++) {
        acc = 0.0;
        for (n = 0; n < N; n++) {
            acc += gsl_matrix_get(g->dz1, n, h);
        }
        gsl_vector_set(g->db1, h, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
