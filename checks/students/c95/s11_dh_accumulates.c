/* backward.c
 * Sample loop with plain C arrays for the per-sample vectors:
 *   d2[k]  output error of sample n      (C)
 *   dh[j]  error at the hidden layer     (H)
 * Sums written out index by index (Einstein convention in the comments).
 */
#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, i, j, k;
    double *d2, *dh;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    d2 = calloc(C, sizeof *d2);
    dh = calloc(H, sizeof *dh);
    if (d2 == NULL || dh == NULL) {
        free(d2);
        free(dh);
        return 1;
    }

    /* dW = 2 reg W to begin with, data terms are added below */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_vector_set_zero(g->db2);
    gsl_vector_set_zero(g->db1);

    for (n = 0; n < N; n++) {
        /* d2_k = (p_nk - delta_{k y_n}) / N */
        for (k = 0; k < C; k++) {
            d2[k] = gsl_matrix_get(cache->prob, n, k);
            if (k == y[n])
                d2[k] -= 1.0;
            d2[k] /= (double) N;
            gsl_matrix_set(g->dz2, n, k, d2[k]);
            gsl_vector_set(g->db2, k, gsl_vector_get(g->db2, k) + d2[k]);
        }

        /* dW2_jk += h_j d2_k ;  dh_j = W2_jk d2_k */
        for (j = 0; j < H; j++) {
            double hj = gsl_matrix_get(cache->p1, n, j);
            for (k = 0; k < C; k++) {
                gsl_matrix_set(g->dW2, j, k, gsl_matrix_get(g->dW2, j, k) + hj * d2[k]);
                dh[j] += gsl_matrix_get(net->W2, j, k) * d2[k];
            }
        }

        /* store dp1, relu for dz1 */
        for (j = 0; j < H; j++) {
            gsl_matrix_set(g->dp1, n, j, dh[j]);
            if (gsl_matrix_get(cache->z1, n, j) > 0)
                gsl_matrix_set(g->dz1, n, j, dh[j]);
            else
                gsl_matrix_set(g->dz1, n, j, 0.0);
        }

        /* dW1_ij += x_i dz1_j ;  db1_j += dz1_j */
        for (i = 0; i < D; i++)
            for (j = 0; j < H; j++)
                gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j)
                               + gsl_matrix_get(X, n, i) * gsl_matrix_get(g->dz1, n, j));
        for (j = 0; j < H; j++)
            gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + gsl_matrix_get(g->dz1, n, j));
    }

    free(d2);
    free(dh);
    g->present = BP_GRADS_ALL;
    return 0;
}
