/* backward.c  --  Homework 5, backpropagation for the two-layer net
 *
 * Numerical Methods for Engineers, section 2.
 * Equation numbers refer to the lecture notes, chapter 9.
 * Plain loops everywhere, no BLAS (we were told to get it right first).
 */

#include <math.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t i, j, k, d;
    size_t N, D, H, C;
    double sum, val;
    double invN;

    N = X->size1;
    D = net->D;
    H = net->H;
    C = net->C;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    invN = 1.0 / (double) N;

    /* (9.12)  dL/dz2 = (P - Y) / N            [N x C] */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            val = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i])
                val = val - 1.0;
            gsl_matrix_set(g->dz2, i, k, val * invN);
        }
    }

    /* (9.13)  dL/dW2 = p1^T dz2 + 2 reg W2    [H x C] */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            sum = 0.0;
            for (i = 0; i < N; i++)
                sum += gsl_matrix_get(cache->p1, i, j)
                       * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k,
                           sum + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    /* (9.14)  dL/db2 = sum over samples of dz2   [C] */
    for (k = 0; k < C; k++) {
        sum = 0.0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, sum);
    }

    /* (9.15)  dL/dp1 = dz2 W2^T               [N x H] */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            sum = 0.0;
            for (k = 0; k < C; k++)
                sum += gsl_matrix_get(g->dz2, i, k)
                       * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, sum);
        }
    }

    /* (9.16)  relu: derivative is 1 for z1 > 0, else 0 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0.0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    /* (9.17)  dL/dW1 = X^T dz1 + 2 reg W1     [D x H] */
    for (d = 0; d < D; d++) {
        for (j = 0; j < H; j++) {
            sum = 0.0;
            for (i = 0; i < N; i++)
                sum += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, d, j,
                           sum + 2.0 * reg * gsl_matrix_get(net->W1, d, j));
        }
    }

    /* (9.18)  dL/db1 = column sums of dz1     [H] */
    for (j = 0; j < H; j++) {
        sum = 0.0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
