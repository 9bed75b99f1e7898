/* backward.c -- Lab 4, backward pass of the two layer net
 * I did every gradient with for loops like in the lecture slides.
 * make check says OK now.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = cache->N;
    size_t D = net->D;
    size_t H = net->H;
    size_t C = net->C;
    size_t i, j, k;
    double sum;
    double val;

    if (X->size1 != N || X->size2 != D)
        return 1;

    /* 1. dz2 = (prob - onehot(y)) / N */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            val = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i]) {
                val = val - 1.0;
            }
            gsl_matrix_set(g->dz2, i, j, val / N);
        }
    }

    /* 2. dW2 = p1^T * dz2 + 2*reg*W2 */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            sum = 0.0;
            for (i = 0; i < N; i++) {
                sum = sum + gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            }
            sum = sum + 2.0 * reg * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dW2, j, k, sum);
        }
    }

    /* 3. db2 = sum of dz2 over the samples */
    for (k = 0; k < C; k++) {
        sum = 0.0;
        for (i = 0; i < N; i++) {
            sum = sum + gsl_matrix_get(g->dz2, i, k);
        }
        gsl_vector_set(g->db2, k, sum);
    }

    /* 4. dp1 = dz2 * W2^T */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            sum = 0.0;
            for (k = 0; k < C; k++) {
                sum = sum + gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            }
            gsl_matrix_set(g->dp1, i, j, sum);
        }
    }

    /* 5. dz1 = dp1 where z1 > 0, else 0 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0) {
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            } else {
                gsl_matrix_set(g->dz1, i, j, 0.0);
            }
        }
    }

    /* 6. dW1 = X^T * dz1 + 2*reg*W1 */
    for (j = 0; j < D; j++) {
        for (k = 0; k < H; k++) {
            sum = 0.0;
            for (i = 0; i < N; i++) {
                sum = sum + gsl_matrix_get(X, i, j) * gsl_matrix_get(g->dz1, i, k);
            }
            sum = sum + 2.0 * reg * gsl_matrix_get(net->W1, j, k);
            gsl_matrix_set(g->dW1, j, k, sum);
        }
    }

    /* 7. db1 = sum of dz1 over the samples */
    for (k = 0; k < H; k++) {
        sum = 0.0;
        for (i = 0; i < N; i++) {
            sum = sum + gsl_matrix_get(g->dz1, i, k);
        }
        gsl_vector_set(g->db1, k, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
