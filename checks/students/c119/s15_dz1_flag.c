/* LAB 4 BACKWARD PASS */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N, D, H, C;
    int i, j, k;
    int mask = 0;
    double s, p;

    N = (int) cache->N;
    D = (int) net->D;
    H = (int) net->H;
    C = (int) net->C;

    /* ----- dz2 ----- */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            p = gsl_matrix_get(cache->prob, i, j);
            if (j == (int) y[i]) p = p - 1;
            gsl_matrix_set(g->dz2, i, j, p / N);
        }
    }

    /* ----- dW2 ----- */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            s = 0;
            for (i = 0; i < N; i++) s = s + gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, s + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    /* ----- db2 ----- */
    for (k = 0; k < C; k++) {
        s = 0;
        for (i = 0; i < N; i++) s = s + gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    /* ----- dp1 ----- */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            s = 0;
            for (k = 0; k < C; k++) s = s + gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
        }
    }

    /* ----- dz1 ----- */
    /* mask is 1 where the relu was on */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0) mask = 1;
            gsl_matrix_set(g->dz1, i, j, mask * gsl_matrix_get(g->dp1, i, j));
        }
    }

    /* ----- dW1 ----- */
    for (j = 0; j < D; j++) {
        for (k = 0; k < H; k++) {
            s = 0;
            for (i = 0; i < N; i++) s = s + gsl_matrix_get(X, i, j) * gsl_matrix_get(g->dz1, i, k);
            gsl_matrix_set(g->dW1, j, k, s + 2 * reg * gsl_matrix_get(net->W1, j, k));
        }
    }

    /* ----- db1 ----- */
    for (k = 0; k < H; k++) {
        s = 0;
        for (i = 0; i < N; i++) s = s + gsl_matrix_get(g->dz1, i, k);
        gsl_vector_set(g->db1, k, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
