// HW3 backward pass, using gsl_blas_dgemm for the matrix products
// 参考了课件第5讲的公式
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* sum over the rows of A, result has A->size2 entries */
static void sum_rows(const gsl_matrix *A, gsl_vector *out) {
    size_t i, j;
    for (j = 0; j < A->size2; j++) {
        double s = 0;
        for (i = 0; i < A->size1; i++) {
            s += gsl_matrix_get(A, i, j);
        }
        gsl_vector_set(out, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t num = X->size1;
    size_t n, h;

    if (num != cache->N || X->size2 != net->D) {
        return 1;
    }

    /* dscores = softmax - onehot, then average over the batch */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (n = 0; n < num; n++) {
        double v = gsl_matrix_get(g->dz2, n, y[n]);
        gsl_matrix_set(g->dz2, n, y[n], v - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double)num);

    /* dW2 = p1' dz2 + 2 reg W2  (W2 copied first so beta = 2reg adds it) */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    /* db2 */
    sum_rows(g->dz2, g->db2);

    /* dp1 = dz2 W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* back through relu */
    for (n = 0; n < num; n++) {
        for (h = 0; h < net->H; h++) {
            double d = gsl_matrix_get(g->dp1, n, h);
            if (gsl_matrix_get(cache->z1, n, h) <= 0.0) {
                d = 0.0;
            }
            gsl_matrix_set(g->dz1, n, h, d);
        }
    }

    /* dW1 = X' dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1 */
    sum_rows(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
