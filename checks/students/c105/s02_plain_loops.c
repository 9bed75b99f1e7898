// backward.c  - hw 6
// no blas, just loops (blas kept giving me shape errors)
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double s;

    if (N != cache->N || X->size2 != D || g->N != N) return 1;

    // dz2
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            double p = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i]) p -= 1.0;
            gsl_matrix_set(g->dz2, i, j, p / (double)N);
        }
    }

    // dW2 (H x C)
    for (k = 0; k < H; k++) {
        for (j = 0; j < C; j++) {
            s = 0.0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(cache->p1, i, k) * gsl_matrix_get(g->dz2, i, j);
            gsl_matrix_set(g->dW2, k, j, s + 2.0 * reg * gsl_matrix_get(net->W2, k, j));
        }
    }

    // db2
    for (j = 0; j < C; j++) {
        s = 0.0;
        for (i = 0; i < N; i++) s += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, s);
    }

    // dp1 = dz2 * W2^T   (N x H)
    for (i = 0; i < N; i++) {
        for (k = 0; k < H; k++) {
            s = 0.0;
            for (j = 0; j < C; j++)
                s += gsl_matrix_get(g->dz2, i, j) * gsl_matrix_get(net->W2, k, j);
            gsl_matrix_set(g->dp1, i, k, s);
        }
    }

    // dz1, relu backward
    for (i = 0; i < N; i++) {
        for (k = 0; k < H; k++) {
            if (gsl_matrix_get(cache->z1, i, k) > 0)
                gsl_matrix_set(g->dz1, i, k, gsl_matrix_get(g->dp1, i, k));
            else
                gsl_matrix_set(g->dz1, i, k, 0.0);
        }
    }

    // dW1 (D x H)
    for (j = 0; j < D; j++) {
        for (k = 0; k < H; k++) {
            s = 0.0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(X, i, j) * gsl_matrix_get(g->dz1, i, k);
            gsl_matrix_set(g->dW1, j, k, s + 2.0 * reg * gsl_matrix_get(net->W1, j, k));
        }
    }

    // db1
    for (k = 0; k < H; k++) {
        s = 0.0;
        for (i = 0; i < N; i++) s += gsl_matrix_get(g->dz1, i, k);
        gsl_vector_set(g->db1, k, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
