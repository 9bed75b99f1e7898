/* Backward pass, assignment 4.
 * P. Novak
 *
 * Plan:
 *   dz2 = (prob - onehot) / N        -- the loss is the average
 *   dW2 = p1' dz2 + 2 reg W2,  db2 = sum of rows of dz2
 *   dp1 = dz2 W2'
 *   dz1 = dp1 where z1 > 0 else 0
 *   dW1 = X' dz1 + 2 reg W1,   db1 = sum of rows of dz1
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N, H, C;
    int i, j;
    double scale, t;

    N = X->size1;
    H = net->H;
    C = net->C;
    if (N != (int) cache->N || X->size2 != net->D || (int) g->N != N) {
        return 1;
    }

    scale = 1 / N;
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            t = gsl_matrix_get(cache->prob, i, j);
            if ((size_t) j == y[i]) {
                t -= 1.0;
            }
            gsl_matrix_set(g->dz2, i, j, t * scale);
        }
    }

    /* W2 part */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    for (j = 0; j < C; j++) {
        t = 0.0;
        for (i = 0; i < N; i++) {
            t += gsl_matrix_get(g->dz2, i, j);
        }
        gsl_vector_set(g->db2, j, t);
    }

    /* hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0) {
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            } else {
                gsl_matrix_set(g->dz1, i, j, 0.0);
            }
        }
    }

    /* W1 part */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    for (j = 0; j < H; j++) {
        t = 0.0;
        for (i = 0; i < N; i++) {
            t += gsl_matrix_get(g->dz1, i, j);
        }
        gsl_vector_set(g->db1, j, t);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
