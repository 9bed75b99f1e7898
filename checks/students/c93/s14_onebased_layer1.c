/*
 * BACKWARD.C -- homework 4, two layer network
 * W. Szymanski
 *
 * I wrote this the way I used to write Fortran: everything as loops over
 * the samples, adding each sample's contribution into the gradients.
 * The weight gradients are initialised with the regularisation term and
 * the bias gradients with zero, then the samples are added one by one.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N, D, H, C;
    int n, i, j, k;
    double v;

    N = X->size1;
    D = net->D;
    H = net->H;
    C = net->C;
    if (N != (int) cache->N || D != (int) X->size2 || N != (int) g->N)
        return 1;

    /* OUTPUT LAYER */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dW2, j, k, 2.0 * reg * gsl_matrix_get(net->W2, j, k));
    gsl_vector_set_zero(g->db2);

    for (n = 0; n < N; n++) {
        for (k = 0; k < C; k++) {
            v = gsl_matrix_get(cache->prob, n, k);
            if (k == (int) y[n])
                v = v - 1.0;
            v = v / N;
            gsl_matrix_set(g->dz2, n, k, v);
            gsl_vector_set(g->db2, k, gsl_vector_get(g->db2, k) + v);
            for (j = 0; j < H; j++)
                gsl_matrix_set(g->dW2, j, k, gsl_matrix_get(g->dW2, j, k)
                               + gsl_matrix_get(cache->p1, n, j) * v);
        }
    }

    /* HIDDEN LAYER: dp1 = dz2 W2', then zero where the relu was off */
    for (n = 0; n < N; n++) {
        for (j = 0; j < H; j++) {
            v = 0.0;
            for (k = 0; k < C; k++)
                v = v + gsl_matrix_get(g->dz2, n, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, n, j, v);
            if (gsl_matrix_get(cache->z1, n, j) <= 0.0)
                v = 0.0;
            gsl_matrix_set(g->dz1, n, j, v);
        }
    }

    /* INPUT LAYER */
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, i, j, 2.0 * reg * gsl_matrix_get(net->W1, i, j));
    gsl_vector_set_zero(g->db1);

    for (n = 1; n < N; n++) {
        for (j = 0; j < H; j++) {
            v = gsl_matrix_get(g->dz1, n, j);
            gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + v);
            for (i = 0; i < D; i++)
                gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j)
                               + gsl_matrix_get(X, n, i) * v);
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
