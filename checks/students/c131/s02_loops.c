/*
 * Backward pass, zweischichtiges Netz (Blatt 4)
 * Lena Hoffmann
 *
 * Alles mit einfachen Schleifen, damit ich jede Formel nachvollziehen kann.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, d, h, c;
    double s;

    if (N != cache->N || X->size2 != D || g->N != N) {
        return 1;
    }

    /* 1. dL/dz2 = (softmax - onehot) / N */
    for (n = 0; n < N; n++) {
        for (c = 0; c < C; c++) {
            double p = gsl_matrix_get(cache->prob, n, c);
            if (c == y[n])
                p -= 1.0;
            gsl_matrix_set(g->dz2, n, c, p / (double) N);
        }
    }

    /* 2. dW2[h][c] = sum_n p1[n][h] * dz2[n][c]  + 2*reg*W2 */
    for (h = 0; h < H; h++) {
        for (c = 0; c < C; c++) {
            s = 0.0;
            for (n = 0; n < N; n++)
                s += gsl_matrix_get(cache->p1, n, h) * gsl_matrix_get(g->dz2, n, c);
            s += 2.0 * reg * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dW2, h, c, s);
        }
    }

    /* 3. db2: Summe ueber die Zeilen */
    for (c = 0; c < C; c++) {
        s = 0.0;
        for (n = 0; n < N; n++)
            s += gsl_matrix_get(g->dz2, n, c);
        gsl_vector_set(g->db2, c, s);
    }

    /* 4. dp1[n][h] = sum_c dz2[n][c] * W2[h][c] */
    for (n = 0; n < N; n++) {
        for (h = 0; h < H; h++) {
            s = 0.0;
            for (c = 0; c < C; c++)
                s += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dp1, n, h, s);
        }
    }

    /* 5. ReLU: Gradient nur dort, wo z1 > 0 war */
    for (n = 0; n < N; n++) {
        for (h = 0; h < H; h++) {
            if (gsl_matrix_get(cache->z1, n, h) > 0.0)
                gsl_matrix_set(g->dz1, n, h, gsl_matrix_get(g->dp1, n, h));
            else
                gsl_matrix_set(g->dz1, n, h, 0.0);
        }
    }

    /* 6. dW1 = X^T dz1 + 2*reg*W1 */
    for (d = 0; d < D; d++) {
        for (h = 0; h < H; h++) {
            s = 0.0;
            for (n = 0; n < N; n++)
                s += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
            gsl_matrix_set(g->dW1, d, h, s + 2.0 * reg * gsl_matrix_get(net->W1, d, h));
        }
    }

    /* 7. db1 */
    for (h = 0; h < H; h++) {
        s = 0.0;
        for (n = 0; n < N; n++)
            s += gsl_matrix_get(g->dz1, n, h);
        gsl_vector_set(g->db1, h, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
