/* backward.c - CS lab 5
 * backward pass of   X -> affine -> relu -> affine -> softmax loss
 * Temporaries for the two weight gradients, copied into g at the end.
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    size_t n, h, c, d;

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    gsl_matrix *gradW2 = gsl_matrix_calloc(net->H, net->C);
    gsl_matrix *gradW1 = gsl_matrix_calloc(net->D, net->H);

    // ---------- dz2 : (N, C) ----------
    for (n = 0; n < N; n++) {
        for (c = 0; c < net->C; c++) {
            double v = gsl_matrix_get(cache->prob, n, c);
            if (c == y[n]) {
                v -= 1.0;
            }
            gsl_matrix_set(g->dz2, n, c, v / (double) N);
        }
    }

    // ---------- dW2 : (H, C) ----------
    // dW2 = p1^T * dz2
    for (h = 0; h < net->H; h++) {
        for (c = 0; c < net->C; c++) {
            double acc = 0.0;
            for (n = 0; n < N; n++) {
                acc += gsl_matrix_get(cache->p1, n, h) * gsl_matrix_get(g->dz2, n, c);
            }
            gsl_matrix_set(gradW2, h, c, acc);
        }
    }

    // ---------- db2 : (C) ----------
    for (c = 0; c < net->C; c++) {
        double acc = 0.0;
        for (n = 0; n < N; n++) {
            acc += gsl_matrix_get(g->dz2, n, c);
        }
        gsl_vector_set(g->db2, c, acc);
    }

    // ---------- dp1 : (N, H) ----------
    for (n = 0; n < N; n++) {
        for (h = 0; h < net->H; h++) {
            double acc = 0.0;
            for (c = 0; c < net->C; c++) {
                acc += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
            }
            gsl_matrix_set(g->dp1, n, h, acc);
        }
    }

    // ---------- dz1 : (N, H) ----------
    for (n = 0; n < N; n++) {
        for (h = 0; h < net->H; h++) {
            double z = gsl_matrix_get(cache->z1, n, h);
            gsl_matrix_set(g->dz1, n, h, z > 0 ? gsl_matrix_get(g->dp1, n, h) : 0.0);
        }
    }

    // ---------- dW1 : (D, H) ----------
    // dW1 = X^T * dz1 + 2*reg*W1
    for (d = 0; d < net->D; d++) {
        for (h = 0; h < net->H; h++) {
            double acc = 0.0;
            for (n = 0; n < N; n++) {
                acc += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
            }
            acc += 2.0 * reg * gsl_matrix_get(net->W1, d, h);
            gsl_matrix_set(gradW1, d, h, acc);
        }
    }

    // ---------- db1 : (H) ----------
    for (h = 0; h < net->H; h++) {
        double acc = 0.0;
        for (n = 0; n < N; n++) {
            acc += gsl_matrix_get(g->dz1, n, h);
        }
        gsl_vector_set(g->db1, h, acc);
    }

    // copy the temporaries into g
    gsl_matrix_memcpy(g->dW2, gradW2);
    gsl_matrix_memcpy(g->dW1, gradW1);

    g->present = BP_GRADS_ALL;
    gsl_matrix_free(gradW2);
    gsl_matrix_free(gradW1);
    return 0;
}
