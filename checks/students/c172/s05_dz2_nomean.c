/* backward.c -- backward pass for the two-layer ReLU net.
 * Author's note: written against the forward pass from part 2.
 *
 *   X  (N,D)   W1 (D,H)   b1 (H)   W2 (H,C)   b2 (C)
 *   z1 (N,H)   p1 (N,H)   z2 (N,C) prob (N,C)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    const size_t H = net->H;
    const size_t C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    /* ---- output layer ---------------------------------------------- */

    /* dL/dz2 = softmax - onehot, averaged over the batch  (N,C) */
    for (size_t i = 0; i < N; i++) {
        for (size_t k = 0; k < C; k++) {
            double t = (k == y[i]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, i, k, gsl_matrix_get(cache->prob, i, k) - t);
        }
    }

    /* dW2 = p1^T dz2 + 2*reg*W2   (H,C) */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    /* db2 = sum over rows of dz2   (C) */
    for (size_t k = 0; k < C; k++) {
        double acc = 0.0;
        for (size_t i = 0; i < N; i++) {
            acc += gsl_matrix_get(g->dz2, i, k);
        }
        gsl_vector_set(g->db2, k, acc);
    }

    /* ---- hidden layer ---------------------------------------------- */

    /* dp1 = dz2 W2^T   (N,H) */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 = dp1 * 1[z1 > 0]   (N,H) */
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < H; j++) {
            double on = gsl_matrix_get(cache->z1, i, j) > 0.0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, i, j, on * gsl_matrix_get(g->dp1, i, j));
        }
    }

    /* dW1 = X^T dz1 + 2*reg*W1   (D,H) */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1 = sum over rows of dz1   (H) */
    for (size_t j = 0; j < H; j++) {
        double acc = 0.0;
        for (size_t i = 0; i < N; i++) {
            acc += gsl_matrix_get(g->dz1, i, j);
        }
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
