/* backward.c
 *
 * Backward pass of the 2 layer net.  Short names:
 *   hid   hidden activations (after the relu)
 *   ds    dscores = dz2
 * set DEBUG to 1 below to print the intermediate values
 */
#include <stdio.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define DEBUG 0

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const gsl_matrix *hid;
    gsl_matrix *ds = g->dz2;
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, i, j;
    double acc, val;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    for (n = 0; n < N; n++)
        for (j = 0; j < C; j++) {
            val = gsl_matrix_get(cache->prob, n, j);
            gsl_matrix_set(ds, n, j, (j == y[n] ? val - 1.0 : val) / N);
        }

    /* dW2 = hid^T ds + 2 reg W2 */
    hid = cache->z1;
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++) {
            acc = 2.0 * reg * gsl_matrix_get(net->W2, i, j);
            for (n = 0; n < N; n++)
                acc += gsl_matrix_get(hid, n, i) * gsl_matrix_get(ds, n, j);
            gsl_matrix_set(g->dW2, i, j, acc);
        }
    if (DEBUG)
        printf("dW2[0][0] = %f\n", gsl_matrix_get(g->dW2, 0, 0));

    for (j = 0; j < C; j++) {
        acc = 0.0;
        for (n = 0; n < N; n++)
            acc += gsl_matrix_get(ds, n, j);
        gsl_vector_set(g->db2, j, acc);
    }

    /* back into the hidden layer */
    for (n = 0; n < N; n++)
        for (i = 0; i < H; i++) {
            acc = 0.0;
            for (j = 0; j < C; j++)
                acc += gsl_matrix_get(ds, n, j) * gsl_matrix_get(net->W2, i, j);
            gsl_matrix_set(g->dp1, n, i, acc);
            val = gsl_matrix_get(cache->z1, n, i) > 0 ? acc : 0.0;
            gsl_matrix_set(g->dz1, n, i, val);
            if (DEBUG)
                printf("n %zu i %zu dp1 %f dz1 %f\n", n, i, acc, val);
        }

    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) {
            acc = 2.0 * reg * gsl_matrix_get(net->W1, i, j);
            for (n = 0; n < N; n++)
                acc += gsl_matrix_get(X, n, i) * gsl_matrix_get(g->dz1, n, j);
            gsl_matrix_set(g->dW1, i, j, acc);
        }

    for (j = 0; j < H; j++) {
        acc = 0.0;
        for (n = 0; n < N; n++)
            acc += gsl_matrix_get(g->dz1, n, j);
        gsl_vector_set(g->db1, j, acc);
    }
    //printf("db1[0] = %f\n", gsl_vector_get(g->db1, 0));

    g->present = BP_GRADS_ALL;
    return 0;
}
