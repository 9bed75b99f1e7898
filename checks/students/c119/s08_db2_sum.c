/*
 * backward.c  (lab 4)
 * TODO: dz1 is still wrong?? (fixed, it was the mask)
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    int N = (int) cache->N, D = (int) net->D, H = (int) net->H, C = (int) net->C;
    int i, j, k;
    double sum, v;

    // dz2
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            v = gsl_matrix_get(cache->prob, i, j);
            if ((size_t) j == y[i]) v -= 1.0;
            gsl_matrix_set(g->dz2, i, j, v / N);
        }
    }

    // dW2
    for (i = 0; i < H; i++) {
        for (j = 0; j < C; j++) {
            sum = 0;
            for (k = 0; k < N; k++) {
                sum += gsl_matrix_get(cache->p1, k, i) * gsl_matrix_get(g->dz2, k, j);
            }
            gsl_matrix_set(g->dW2, i, j, sum + 2 * reg * gsl_matrix_get(net->W2, i, j));
        }
    }

    // db2 = add dz2 down the columns
    sum = 0;
    for (j = 0; j < C; j++) {
        for (i = 0; i < N; i++) {
            sum += gsl_matrix_get(g->dz2, i, j);
        }
        gsl_vector_set(g->db2, j, sum);
    }

    // dp1
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            sum = 0;
            for (k = 0; k < C; k++) {
                sum += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            }
            gsl_matrix_set(g->dp1, i, j, sum);
        }
    }

    // dz1 and db1 together (db1 is the sum of dz1)
    for (j = 0; j < H; j++) {
        double bsum = 0;
        for (i = 0; i < N; i++) {
            v = 0;
            if (gsl_matrix_get(cache->z1, i, j) > 0) v = gsl_matrix_get(g->dp1, i, j);
            gsl_matrix_set(g->dz1, i, j, v);
            bsum += v;
        }
        gsl_vector_set(g->db1, j, bsum);
    }

    // dW1
    for (i = 0; i < D; i++) {
        for (j = 0; j < H; j++) {
            sum = 0;
            for (k = 0; k < N; k++) {
                sum += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
            }
            gsl_matrix_set(g->dW1, i, j, sum + 2 * reg * gsl_matrix_get(net->W1, i, j));
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
