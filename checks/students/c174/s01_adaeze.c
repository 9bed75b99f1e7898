/* CSC 419 Lab 3: backward pass of the 2 layer net
 * Adaeze O.
 * everything with get/set loops, no blas */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double sum;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* 1. dz2 = (prob - 1{y}) / N */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            double p = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i])
                p = p - 1.0;
            gsl_matrix_set(g->dz2, i, j, p / N);
        }
    }

    /* 2. dW2 = p1^T dz2 + 2 reg W2 */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            sum = 0.0;
            for (i = 0; i < N; i++)
                sum += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, sum + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    /* 3. db2, sum down the rows */
    for (k = 0; k < C; k++) {
        sum = 0.0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, sum);
    }

    /* 4. dp1 = dz2 W2^T */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            sum = 0.0;
            for (k = 0; k < C; k++)
                sum += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, sum);
        }
    }

    /* 5. relu backward */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    /* 6. dW1 = X^T dz1 + 2 reg W1 */
    for (k = 0; k < D; k++) {
        for (j = 0; j < H; j++) {
            sum = 0.0;
            for (i = 0; i < N; i++)
                sum += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, sum + 2.0 * reg * gsl_matrix_get(net->W1, k, j));
        }
    }

    /* 7. db1 */
    for (j = 0; j < H; j++) {
        sum = 0.0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
