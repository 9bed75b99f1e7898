/* backward.c -- hand-written backprop, two-layer net
 *
 * prob comes from the cache; z1 I recompute myself from X, W1 and b1,
 * because that is the one the relu needs. */

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    gsl_matrix *z1 = gsl_matrix_alloc(N, H);
    gsl_matrix *p1 = gsl_matrix_alloc(N, H);

    if (!z1 || !p1) {
        gsl_matrix_free(z1);
        gsl_matrix_free(p1);
        return 1;
    }

    /* forward again: z1 = X W1 + b1, p1 = relu(z1) */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double s = gsl_vector_get(net->b1, j);
            for (k = 0; k < D; k++)
                s += gsl_matrix_get(X, i, k) * gsl_matrix_get(net->W1, k, j);
            gsl_matrix_set(z1, i, j, s);
            gsl_matrix_set(p1, i, j, s > 0 ? s : 0);
        }
    }

    /* scores gradient */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            double v = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i])
                v = v - 1;
            gsl_matrix_set(g->dz2, i, k, v / N);
        }
    }

    /* second layer */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            double s = 0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, s + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }
    for (k = 0; k < C; k++) {
        double s = 0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    /* back into the hidden layer: only the units that were on */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double s = 0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, gsl_matrix_get(z1, i, j) > 0 ? s : 0);
        }
    }

    /* relu */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0);
        }
    }

    /* first layer */
    for (k = 0; k < D; k++) {
        for (j = 0; j < H; j++) {
            double s = 0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, s + 2 * reg * gsl_matrix_get(net->W1, k, j));
        }
    }
    for (j = 0; j < H; j++) {
        double s = 0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    gsl_matrix_free(z1);
    gsl_matrix_free(p1);
    g->present = BP_GRADS_ALL;
    return 0;
}
