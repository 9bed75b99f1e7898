/* Lab 4 -- backward pass by reverse accumulation.
 *
 *   z1 = X W1 + b1      p1 = relu(z1)      z2 = p1 W2 + b2
 *   L = (1/N) sum_i -log softmax(z2_i)[y_i] + reg (|W1|^2 + |W2|^2)
 *
 * Reversed bottom-up; adj_x holds dL/dx.
 */
#include "backprop.h"

#define G(m, i, j)    gsl_matrix_get((m), (i), (j))
#define S(m, i, j, v) gsl_matrix_set((m), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    gsl_matrix *adj_z2 = g->dz2;
    gsl_matrix *adj_p1 = gsl_matrix_alloc(N, H);
    gsl_matrix *adj_z1 = gsl_matrix_alloc(N, H);
    size_t n, d, h, c;

    if (cache->N != N || g->N != N) {
        gsl_matrix_free(adj_p1);
        gsl_matrix_free(adj_z1);
        return 1;
    }

    /* L = (1/N) sum_n -log prob[n][y_n] */
    for (n = 0; n < N; n++) {
        for (c = 0; c < C; c++) {
            double t = (c == y[n]) ? 1.0 : 0.0;
            S(adj_z2, n, c, (G(cache->prob, n, c) - t) / N);
        }
    }

    /* z2 = p1 W2 + b2 */
    for (h = 0; h < H; h++) {
        for (c = 0; c < C; c++) {
            double acc = 2.0 * reg * G(net->W2, h, c);
            for (n = 0; n < N; n++)
                acc += G(cache->p1, n, h) * G(adj_z2, n, c);
            S(g->dW2, h, c, acc);
        }
    }
    for (c = 0; c < C; c++) {
        double acc = 0.0;
        for (n = 0; n < N; n++)
            acc += G(adj_z2, n, c);
        gsl_vector_set(g->db2, c, acc);
    }
    for (n = 0; n < N; n++) {
        for (h = 0; h < H; h++) {
            double acc = 0.0;
            for (c = 0; c < C; c++)
                acc += G(adj_z2, n, c) * G(net->W2, h, c);
            S(adj_p1, n, h, acc);
        }
    }

    /* p1 = relu(z1) */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            S(adj_z1, n, h, G(cache->z1, n, h) > 0 ? G(adj_p1, n, h) : 0.0);

    /* z1 = X W1 + b1 */
    for (d = 0; d < D; d++) {
        for (h = 0; h < H; h++) {
            double acc = 2.0 * reg * G(net->W1, d, h);
            for (n = 0; n < N; n++)
                acc += G(X, n, d) * G(adj_z1, n, h);
            S(g->dW1, d, h, acc);
        }
    }
    for (h = 0; h < H; h++) {
        double acc = 0.0;
        for (n = 0; n < N; n++)
            acc += G(adj_p1, n, h);
        gsl_vector_set(g->db1, h, acc);
    }

    gsl_matrix_memcpy(g->dp1, adj_p1);
    gsl_matrix_memcpy(g->dz1, adj_z1);
    gsl_matrix_free(adj_p1);
    gsl_matrix_free(adj_z1);
    g->present = BP_GRADS_ALL;
    return 0;
}
