/* backward.c
 * two-layer net backward, loops only (we had no BLAS on the lab machines) */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t n = X->size1, d = net->D, h = net->H, c = net->C;
    size_t i, a, b;

    if (n != cache->N || X->size2 != d || g->N != n) {
        return 1;
    }

    /* dscores */
    for (i = 0; i < n; i++) {
        for (b = 0; b < c; b++) {
            double t = gsl_matrix_get(cache->prob, i, b);
            if (b == y[i]) {
                t = t - 1.0;
            }
            gsl_matrix_set(g->dz2, i, b, t / (double)n);
        }
    }

    /* dW2 = h^T * dscores   and db2 */
    for (a = 0; a < h; a++) {
        for (b = 0; b < c; b++) {
            double acc = 0.0;
            for (i = 0; i < n; i++) {
                acc += gsl_matrix_get(cache->p1, i, a) * gsl_matrix_get(g->dz2, i, b);
            }
            gsl_matrix_set(g->dW2, a, b, acc);
        }
    }
    for (b = 0; b < c; b++) {
        double acc = 0.0;
        for (i = 0; i < n; i++) {
            acc += gsl_matrix_get(g->dz2, i, b);
        }
        gsl_vector_set(g->db2, b, acc);
    }

    /* dhidden = dscores * W2^T */
    for (i = 0; i < n; i++) {
        for (a = 0; a < h; a++) {
            double acc = 0.0;
            for (b = 0; b < c; b++) {
                acc += gsl_matrix_get(g->dz2, i, b) * gsl_matrix_get(net->W2, a, b);
            }
            gsl_matrix_set(g->dp1, i, a, acc);
            /* relu */
            gsl_matrix_set(g->dz1, i, a,
                           gsl_matrix_get(cache->z1, i, a) > 0 ? acc : 0.0);
        }
    }

    /* dW1 = X^T dhidden + 2 reg W1, db1 */
    for (a = 0; a < d; a++) {
        for (b = 0; b < h; b++) {
            double acc = 0.0;
            for (i = 0; i < n; i++) {
                acc += gsl_matrix_get(X, i, a) * gsl_matrix_get(g->dz1, i, b);
            }
            gsl_matrix_set(g->dW1, a, b, acc + 2.0 * reg * gsl_matrix_get(net->W1, a, b));
        }
    }
    for (b = 0; b < h; b++) {
        double acc = 0.0;
        for (i = 0; i < n; i++) {
            acc += gsl_matrix_get(g->dz1, i, b);
        }
        gsl_vector_set(g->db1, b, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
