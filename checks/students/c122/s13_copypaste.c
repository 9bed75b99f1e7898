/* HW5 neural net -- backward pass
 * Hannah Schmidt
 * Loss: L = 1/N sum -log p_y + reg (||W1||^2 + ||W2||^2)
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    size_t n, d, h, c;

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    /* output layer */
    for (n = 0; n < N; n++) {
        for (c = 0; c < net->C; c++) {
            double v = gsl_matrix_get(cache->prob, n, c);
            if (c == y[n]) {
                v = v - 1.0;
            }
            gsl_matrix_set(g->dz2, n, c, v / (double)N);
        }
    }

    for (h = 0; h < net->H; h++) {
        for (c = 0; c < net->C; c++) {
            double v = 0.0;
            for (n = 0; n < N; n++) {
                v += gsl_matrix_get(cache->p1, n, h) * gsl_matrix_get(g->dz2, n, c);
            }
            v += 2.0 * reg * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dW2, h, c, v);
        }
    }

    for (c = 0; c < net->C; c++) {
        double v = 0.0;
        for (n = 0; n < N; n++) {
            v += gsl_matrix_get(g->dz2, n, c);
        }
        gsl_vector_set(g->db2, c, v);
    }

    /* hidden layer */
    for (n = 0; n < N; n++) {
        for (h = 0; h < net->H; h++) {
            double v = 0.0;
            for (c = 0; c < net->C; c++) {
                v += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
            }
            gsl_matrix_set(g->dp1, n, h, v);
            gsl_matrix_set(g->dz1, n, h, gsl_matrix_get(cache->z1, n, h) > 0.0 ? v : 0.0);
        }
    }

    for (d = 0; d < net->D; d++) {
        for (h = 0; h < net->H; h++) {
            double v = 0.0;
            for (n = 0; n < N; n++) {
                v += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
            }
            v += 2.0 * reg * gsl_matrix_get(net->W1, d, h);
            gsl_matrix_set(g->dW1, d, h, v);
        }
    }

    for (h = 0; h < net->H; h++) {
        double v = 0.0;
        for (n = 0; n < N; n++) {
            v += gsl_matrix_get(g->dz1, n, h);
        }
        v += 2.0 * reg * gsl_vector_get(net->b1, h);
        gsl_vector_set(g->db1, h, v);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
