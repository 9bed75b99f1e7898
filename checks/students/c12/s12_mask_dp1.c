/* backward.c - HW2 Q4 */
#include <stdio.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define DEBUG 0

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
    unsigned N = X->size1, D = net->D, H = net->H, C = net->C;
    unsigned r, c, k;
    double sum;

    /*** scores gradient ***/
    for (r = 0; r < N; r++) {
        for (c = 0; c < C; c++) {
            sum = gsl_matrix_get(cache->prob, r, c);
            if (c == y[r]) sum -= 1.0;
            gsl_matrix_set(g->dz2, r, c, sum / N);
        }
    }

    /*** W2 gradient ***/
    for (r = 0; r < H; r++) {
        for (c = 0; c < C; c++) {
            sum = 0;
            for (k = 0; k < N; k++)
                sum += gsl_matrix_get(cache->p1, k, r) * gsl_matrix_get(g->dz2, k, c);
            sum += 2 * reg * gsl_matrix_get(net->W2, r, c);
            gsl_matrix_set(g->dW2, r, c, sum);
        }
    }

    /*** b2 gradient ***/
    for (c = 0; c < C; c++) {
        sum = 0;
        for (k = 0; k < N; k++)
            sum += gsl_matrix_get(g->dz2, k, c);
        gsl_vector_set(g->db2, c, sum);
    }

    /*** hidden activations gradient ***/
    for (r = 0; r < N; r++) {
        for (c = 0; c < H; c++) {
            sum = 0;
            for (k = 0; k < C; k++)
                sum += gsl_matrix_get(g->dz2, r, k) * gsl_matrix_get(net->W2, c, k);
            gsl_matrix_set(g->dp1, r, c, sum);
        }
    }

    /*** through the relu ***/
    for (r = 0; r < N; r++) {
        for (c = 0; c < H; c++) {
            if (gsl_matrix_get(g->dp1, r, c) > 0)
                gsl_matrix_set(g->dz1, r, c, gsl_matrix_get(g->dp1, r, c));
            else
                gsl_matrix_set(g->dz1, r, c, 0.0);
        }
    }
#if DEBUG
    printf("dz1[0][0] = %g\n", gsl_matrix_get(g->dz1, 0, 0));
#endif

    /*** W1 gradient ***/
    for (r = 0; r < D; r++) {
        for (c = 0; c < H; c++) {
            sum = 0;
            for (k = 0; k < N; k++)
                sum += gsl_matrix_get(X, k, r) * gsl_matrix_get(g->dz1, k, c);
            sum += 2 * reg * gsl_matrix_get(net->W1, r, c);
            gsl_matrix_set(g->dW1, r, c, sum);
        }
    }

    /*** b1 gradient ***/
    for (c = 0; c < H; c++) {
        sum = 0;
        for (k = 0; k < N; k++)
            sum += gsl_matrix_get(g->dz1, k, c);
        gsl_vector_set(g->db1, c, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
