/*
 * Report 3  backward pass
 * Watanabe Yui  2251061
 *
 * dW2 and dp1 with gsl_blas_dgemm, the rest with loops.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 = (prob - onehot(y)) / N */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            double t = (k == y[i]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, i, k,
                           (gsl_matrix_get(cache->prob, i, k) - t) / N);
        }
    }

    /* dW2 = p1^T dz2 + reg-term (dgemm: C = alpha A^T B + beta C, C = W2) */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, reg, g->dW2);

    /* db2 = column sum of dz2 */
    for (k = 0; k < C; k++) {
        double sum = 0.0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, sum);
    }

    /* dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 = dp1 (z1 > 0), 0 (otherwise) */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0.0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (k = 0; k < D; k++) {
        for (j = 0; j < H; j++) {
            double sum = 2.0 * reg * gsl_matrix_get(net->W1, k, j);
            for (i = 0; i < N; i++)
                sum += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, sum);
        }
    }

    /* db1 = column sum of dz1 */
    for (j = 0; j < H; j++) {
        double sum = 0.0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
