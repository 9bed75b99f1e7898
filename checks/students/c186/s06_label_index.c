// Lab backprop - Dang Thanh Tung 20207734
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// helper: column sums, out has A->size2 entries
static void column_sums(const gsl_matrix *A, gsl_vector *out) {
    for (size_t j = 0; j < A->size2; j++) {
        double sum = 0.0;
        for (size_t i = 0; i < A->size1; i++) {
            sum += gsl_matrix_get(A, i, j);
        }
        gsl_vector_set(out, j, sum);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N) return 1;

    gsl_matrix *dscores = g->dz2, *dhidden = g->dp1;

    // step 1: dscores = probs; dscores[range(N), y] -= 1; dscores /= N
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < C; j++) {
            double d = gsl_matrix_get(cache->prob, i, j);
            if (j == y[j]) d -= 1.0;
            gsl_matrix_set(dscores, i, j, d / (double) N);
        }
    }

    // step 2: dW2, db2
    for (size_t h = 0; h < H; h++) {
        for (size_t c = 0; c < C; c++) {
            double sum = 0.0;
            for (size_t i = 0; i < N; i++) {
                sum += gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(dscores, i, c);
            }
            gsl_matrix_set(g->dW2, h, c, sum + 2.0 * reg * gsl_matrix_get(net->W2, h, c));
        }
    }
    column_sums(dscores, g->db2);

    // step 3: dhidden
    for (size_t i = 0; i < N; i++) {
        for (size_t h = 0; h < H; h++) {
            double sum = 0.0;
            for (size_t c = 0; c < C; c++) {
                sum += gsl_matrix_get(dscores, i, c) * gsl_matrix_get(net->W2, h, c);
            }
            gsl_matrix_set(dhidden, i, h, sum);
        }
    }

    // step 4: relu backward
    for (size_t i = 0; i < N; i++) {
        for (size_t h = 0; h < H; h++) {
            double m = gsl_matrix_get(cache->z1, i, h) > 0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, i, h, m * gsl_matrix_get(dhidden, i, h));
        }
    }

    // step 5: dW1, db1
    for (size_t d = 0; d < D; d++) {
        for (size_t h = 0; h < H; h++) {
            double sum = 0.0;
            for (size_t i = 0; i < N; i++) {
                sum += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, h);
            }
            gsl_matrix_set(g->dW1, d, h, sum + 2.0 * reg * gsl_matrix_get(net->W1, d, h));
        }
    }
    column_sums(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
