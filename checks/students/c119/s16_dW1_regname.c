/*
 * backward.c for Lab 4
 * products first, then the regularization added in its own loop
 * (same for W2 and W1)
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D;
    size_t H = net->H;
    size_t C = net->C;
    size_t i, j, k;
    double s;

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    }
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            gsl_matrix_set(g->dz2, i, j, gsl_matrix_get(g->dz2, i, j) / N);
        }
    }

    /* dW2 */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            s = 0;
            for (i = 0; i < N; i++) {
                s += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            }
            gsl_matrix_set(g->dW2, j, k, s);
        }
    }
    /* + 2 reg W2 */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            gsl_matrix_set(g->dW2, j, k, gsl_matrix_get(g->dW2, j, k) + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    /* db2 */
    for (k = 0; k < C; k++) {
        s = 0;
        for (i = 0; i < N; i++) {
            s += gsl_matrix_get(g->dz2, i, k);
        }
        gsl_vector_set(g->db2, k, s);
    }

    /* dp1 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            s = 0;
            for (k = 0; k < C; k++) {
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            }
            gsl_matrix_set(g->dp1, i, j, s);
        }
    }

    /* dz1 */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) <= 0) {
                gsl_matrix_set(g->dz1, i, j, 0);
            }
        }
    }

    /* dW1 */
    for (j = 0; j < D; j++) {
        for (k = 0; k < H; k++) {
            s = 0;
            for (i = 0; i < N; i++) {
                s += gsl_matrix_get(X, i, j) * gsl_matrix_get(g->dz1, i, k);
            }
            gsl_matrix_set(g->dW1, j, k, s);
        }
    }
    /* + 2 reg W1 */
    for (j = 0; j < D; j++) {
        for (k = 0; k < H; k++) {
            gsl_matrix_set(g->dW1, j, k, gsl_matrix_get(g->dW1, j, k) + 2 * reg * gsl_matrix_get(g->dW1, j, k));
        }
    }

    /* db1 */
    for (k = 0; k < H; k++) {
        s = 0;
        for (i = 0; i < N; i++) {
            s += gsl_matrix_get(g->dz1, i, k);
        }
        gsl_vector_set(g->db1, k, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
