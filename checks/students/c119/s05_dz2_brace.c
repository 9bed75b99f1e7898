/* Lab 4 backward.c
 * student: group B
 * all 7 gradients with loops */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N = (int) X->size1;
    int D = (int) net->D;
    int H = (int) net->H;
    int C = (int) net->C;
    int i, j, k;
    double d, temp;

    /* gradient of the scores */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            d = gsl_matrix_get(cache->prob, i, j);
            if (j == (int) y[i]) {
                d = d - 1;
                d = d / N;
            }
            gsl_matrix_set(g->dz2, i, j, d);
        }
    }

    /* gradient W2 */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            temp = 0;
            for (i = 0; i < N; i++) {
                temp = temp + gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            }
            temp = temp + 2 * reg * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dW2, j, k, temp);
        }
    }

    /* gradient b2 */
    for (k = 0; k < C; k++) {
        temp = 0;
        for (i = 0; i < N; i++) {
            temp = temp + gsl_matrix_get(g->dz2, i, k);
        }
        gsl_vector_set(g->db2, k, temp);
    }

    /* gradient p1 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            temp = 0;
            for (k = 0; k < C; k++) {
                temp = temp + gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            }
            gsl_matrix_set(g->dp1, i, j, temp);
        }
    }

    /* gradient z1 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0) {
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            }
            else {
                gsl_matrix_set(g->dz1, i, j, 0);
            }
        }
    }

    /* gradient W1 */
    for (j = 0; j < D; j++) {
        for (k = 0; k < H; k++) {
            temp = 0;
            for (i = 0; i < N; i++) {
                temp = temp + gsl_matrix_get(X, i, j) * gsl_matrix_get(g->dz1, i, k);
            }
            temp = temp + 2 * reg * gsl_matrix_get(net->W1, j, k);
            gsl_matrix_set(g->dW1, j, k, temp);
        }
    }

    /* gradient b1 */
    for (k = 0; k < H; k++) {
        temp = 0;
        for (i = 0; i < N; i++) {
            temp = temp + gsl_matrix_get(g->dz1, i, k);
        }
        gsl_vector_set(g->db1, k, temp);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
