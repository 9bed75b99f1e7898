/* NN Lab - Week 6
 * 2-layer network: backward pass.  Name: Sneha Kulkarni  PRN: 2041023
 * d(reg*W^2)/dW = 2*reg*W
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double sum;
    gsl_matrix *tmp;

    if (N != cache->N || X->size2 != D || g->N != N) return 1;

    /* dz2: temp copy of probabilities */
    tmp = gsl_matrix_alloc(N, C);
    gsl_matrix_memcpy(tmp, cache->prob);
    for (i = 0; i < N; i++) {
        gsl_matrix_set(tmp, i, y[i], gsl_matrix_get(tmp, i, y[i]) - 1);
    }
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            gsl_matrix_set(g->dz2, i, j, gsl_matrix_get(tmp, i, j) / N);
        }
    }
    gsl_matrix_free(tmp);

    /* dW2 */
    for (i = 0; i < H; i++) {
        for (j = 0; j < C; j++) {
            sum = 0;
            for (k = 0; k < N; k++) {
                sum += gsl_matrix_get(cache->p1, k, i) * gsl_matrix_get(g->dz2, k, j);
            }
            gsl_matrix_set(g->dW2, i, j, sum + reg * gsl_matrix_get(net->W2, i, j));
        }
    }

    /* db2 */
    for (j = 0; j < C; j++) {
        sum = 0;
        for (i = 0; i < N; i++) {
            sum += gsl_matrix_get(g->dz2, i, j);
        }
        gsl_vector_set(g->db2, j, sum);
    }

    /* dp1 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            sum = 0;
            for (k = 0; k < C; k++) {
                sum += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            }
            gsl_matrix_set(g->dp1, i, j, sum);
        }
    }

    /* dz1 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double m = gsl_matrix_get(cache->z1, i, j) > 0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, i, j, m * gsl_matrix_get(g->dp1, i, j));
        }
    }

    /* dW1 */
    for (i = 0; i < D; i++) {
        for (j = 0; j < H; j++) {
            sum = 0;
            for (k = 0; k < N; k++) {
                sum += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
            }
            gsl_matrix_set(g->dW1, i, j, sum + 2 * reg * gsl_matrix_get(net->W1, i, j));
        }
    }

    /* db1 */
    for (j = 0; j < H; j++) {
        sum = 0;
        for (i = 0; i < N; i++) {
            sum += gsl_matrix_get(g->dz1, i, j);
        }
        gsl_vector_set(g->db1, j, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
