#include <stdio.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* backward pass, lab 5. compiles with no warnings (with -w lol) */

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    int N = X->size1;
    int D = net->D, H = net->H, C = net->C;
    int i, j, n;
    double tmp;
    double scale = 1 / N;     /* the loss is an average over the batch */

    /* dscores */
    for (n = 0; n < N; n++)
        for (j = 0; j < C; j++) {
            tmp = gsl_matrix_get(cache->prob, n, j);
            if (y[n] == (size_t) j)
                tmp -= 1;
            gsl_matrix_set(g->dz2, n, j, tmp * scale);
        }

    /* dW2, db2 */
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++) {
            tmp = 0;
            for (n = 0; n < N; n++)
                tmp += gsl_matrix_get(cache->p1, n, i) * gsl_matrix_get(g->dz2, n, j);
            tmp += 2 * reg * gsl_matrix_get(net->W2, i, j);
            gsl_matrix_set(g->dW2, i, j, tmp);
        }
    for (j = 0; j < C; j++) {
        tmp = 0;
        for (n = 0; n < N; n++)
            tmp += gsl_matrix_get(g->dz2, n, j);
        gsl_vector_set(g->db2, j, tmp);
    }

    /* back into the hidden layer */
    for (n = 0; n < N; n++)
        for (i = 0; i < H; i++) {
            tmp = 0;
            for (j = 0; j < C; j++)
                tmp += gsl_matrix_get(g->dz2, n, j) * gsl_matrix_get(net->W2, i, j);
            gsl_matrix_set(g->dp1, n, i, tmp);
            /* relu */
            if (gsl_matrix_get(cache->z1, n, i) <= 0)
                tmp = 0;
            gsl_matrix_set(g->dz1, n, i, tmp);
        }

    /* dW1, db1 (copied from dW2, db2) */
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) {
            tmp = 0;
            for (n = 0; n < N; n++)
                tmp += gsl_matrix_get(X, n, i) * gsl_matrix_get(g->dz1, n, j);
            tmp += 2 * reg * gsl_matrix_get(net->W1, i, j);
            gsl_matrix_set(g->dW1, i, j, tmp);
        }
    for (j = 0; j < H; j++) {
        tmp = 0;
        for (n = 0; n < N; n++)
            tmp += gsl_matrix_get(g->dz1, n, j);
        gsl_vector_set(g->db1, j, tmp);
    }

    if (0) printf("scale = %f\n", scale);

    g->present = BP_GRADS_ALL;
    return 0;
}
