// backward.c - backprop for the two layer net, exercise 3.
//
// Scratch buffers are allocated once here and freed on the way out
// (single exit, like defer).  diff_nc keeps prob - onehot unscaled
// because I print it when debugging; scaled_nc is the real dz2.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t n = X->size1;
    size_t d = net->D, h = net->H, c = net->C;
    gsl_matrix *diff_nc = NULL, *scaled_nc = NULL, *mask_nh = NULL;
    gsl_vector *ones_n = NULL;
    int err = 1;

    if (n != cache->N || X->size2 != d || g->N != n) {
        return err;
    }
    if ((diff_nc = gsl_matrix_alloc(n, c)) == NULL) goto out;
    if ((scaled_nc = gsl_matrix_alloc(n, c)) == NULL) goto out;
    if ((mask_nh = gsl_matrix_alloc(n, h)) == NULL) goto out;
    if ((ones_n = gsl_vector_alloc(n)) == NULL) goto out;
    gsl_vector_set_all(ones_n, 1.0);

    // dz2
    gsl_matrix_memcpy(diff_nc, cache->prob);
    for (size_t i = 0; i < n; i++) {
        *gsl_matrix_ptr(diff_nc, i, y[i]) -= 1.0;
    }
    gsl_matrix_memcpy(scaled_nc, diff_nc);
    gsl_matrix_scale(scaled_nc, 1.0 / (double)n);
    gsl_matrix_memcpy(g->dz2, diff_nc);

    // dW2 = p1^T dz2 + 2*reg*W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    // db2 = dz2^T 1
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones_n, 0.0, g->db2);

    // dp1 = dz2 W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // dz1 = dp1 * (z1 > 0)
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < h; j++) {
            gsl_matrix_set(mask_nh, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? 1.0 : 0.0);
        }
    }
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, mask_nh);

    // dW1 = X^T dz1 + 2*reg*W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    // db1 = dz1^T 1
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones_n, 0.0, g->db1);

    g->present = BP_GRADS_ALL;
    err = 0;
out:
    gsl_vector_free(ones_n);
    gsl_matrix_free(mask_nh);
    gsl_matrix_free(scaled_nc);
    gsl_matrix_free(diff_nc);
    return err;
}
