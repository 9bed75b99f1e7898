#include "backprop.h"

/* Backward pass, lab 3.  All in one function, step by step like the
 * derivation in my notes (steps 1-7, same numbers as the handout). */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    size_t D = net->D;
    size_t H = net->H;
    size_t C = net->C;
    size_t i, j, k;

    // step 0: sanity check of the shapes
    if (N != cache->N || X->size2 != D || g->N != N) {
        return 1;
    }

    // step 1: gradient of the loss wrt the scores
    //   dL/dz2[i][k] = (p[i][k] - 1{k == y_i}) / N
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            double p = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i]) {
                p = p - 1.0;
            }
            gsl_matrix_set(g->dz2, i, k, p / N);
        }
    }

    // step 2: dW2[j][k] = sum_i p1[i][j] * dz2[i][k]  (+ reg part)
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            double sum = 0.0;
            for (i = 0; i < N; i++) {
                sum = sum + gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            }
            sum = sum + 2.0 * reg * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dW2, j, k, sum);
        }
    }

    // step 3: db2[k] = sum_i dz2[i][k]
    for (k = 0; k < C; k++) {
        double sum = 0.0;
        for (i = 0; i < N; i++) {
            sum = sum + gsl_matrix_get(g->dz2, i, k);
        }
        gsl_vector_set(g->db2, k, sum);
    }

    // step 4: dp1[i][j] = sum_k dz2[i][k] * W2[j][k]
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double sum = 0.0;
            for (k = 0; k < C; k++) {
                sum = sum + gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            }
            gsl_matrix_set(g->dp1, i, j, sum);
        }
    }

    // step 5: through the relu, dz1 = dp1 if z1 > 0 else 0
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double val = 0.0;
            if (gsl_matrix_get(cache->z1, i, j) > 0.0) {
                val = gsl_matrix_get(g->dp1, i, j);
            }
            gsl_matrix_set(g->dz1, i, j, val);
        }
    }

    // step 6: dW1[d][j] = sum_i X[i][d] * dz1[i][j]  (+ reg part)
    for (k = 0; k < D; k++) {
        for (j = 0; j < H; j++) {
            double sum = 2.0 * reg * gsl_matrix_get(net->W1, k, j);
            for (i = 0; i < N; i++) {
                sum = sum + gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            }
            gsl_matrix_set(g->dW1, k, j, sum);
        }
    }

    // step 7: db1[j] = sum_i dz1[i][j]
    for (j = 0; j < H; j++) {
        double sum = gsl_matrix_get(g->dz1, 0, j);
        for (i = 0; i < N; i++) {
            sum = sum + gsl_matrix_get(g->dz1, i, j);
        }
        gsl_vector_set(g->db1, j, sum);
    }

    // step 8: tell gradcheck that all 7 are filled
    g->present = BP_GRADS_ALL;
    return 0;
}
