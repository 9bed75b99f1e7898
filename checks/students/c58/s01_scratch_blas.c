/* backward.c -- homework 3, two-layer net, backward pass
 *
 * All temporaries are allocated once at the top and reused, then freed
 * at the end (cleanup label, like in our C code at work).  Every step is
 * done in a scratch matrix and copied into g when it is finished.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    int status = 1;

    gsl_matrix *tmpNxC = NULL;   /* dz2 */
    gsl_matrix *tmpHxC = NULL;   /* dW2 */
    gsl_matrix *tmpNxH = NULL;   /* dp1, then dz1 (in place) */
    gsl_matrix *tmpDxH = NULL;   /* dW1 */
    gsl_vector *onesN  = NULL;   /* for the column sums */

    if (N != cache->N || X->size2 != D || g->N != N) {
        return 1;
    }

    tmpNxC = gsl_matrix_alloc(N, C);
    if (tmpNxC == NULL) goto cleanup;
    tmpHxC = gsl_matrix_alloc(H, C);
    if (tmpHxC == NULL) goto cleanup;
    tmpNxH = gsl_matrix_alloc(N, H);
    if (tmpNxH == NULL) goto cleanup;
    tmpDxH = gsl_matrix_alloc(D, H);
    if (tmpDxH == NULL) goto cleanup;
    onesN = gsl_vector_alloc(N);
    if (onesN == NULL) goto cleanup;
    gsl_vector_set_all(onesN, 1.0);

    /* step 1: dz2 = (prob - onehot(y)) / N */
    gsl_matrix_memcpy(tmpNxC, cache->prob);
    for (size_t i = 0; i < N; i++) {
        double p = gsl_matrix_get(tmpNxC, i, y[i]);
        gsl_matrix_set(tmpNxC, i, y[i], p - 1.0);
    }
    gsl_matrix_scale(tmpNxC, 1.0 / (double) N);
    gsl_matrix_memcpy(g->dz2, tmpNxC);

    /* step 2: dW2 = p1^T dz2 + 2 reg W2  (W2 goes in first, beta does the reg) */
    gsl_matrix_memcpy(tmpHxC, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, tmpNxC,
                   2.0 * reg, tmpHxC);
    gsl_matrix_memcpy(g->dW2, tmpHxC);

    /* step 3: db2 = dz2^T * ones */
    gsl_blas_dgemv(CblasTrans, 1.0, tmpNxC, onesN, 0.0, g->db2);

    /* step 4: dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, tmpNxC, net->W2,
                   0.0, tmpNxH);
    gsl_matrix_memcpy(g->dp1, tmpNxH);

    /* step 5: dz1 = dp1 where z1 > 0, done in place in tmpNxH
     * (dp1 is already saved in g, so it can be overwritten now) */
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0) {
                gsl_matrix_set(tmpNxH, i, j, 0.0);
            }
        }
    }
    gsl_matrix_memcpy(g->dz1, tmpNxH);

    /* step 6: dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(tmpDxH, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, tmpNxH,
                   2.0 * reg, tmpDxH);
    gsl_matrix_memcpy(g->dW1, tmpDxH);

    /* step 7: db1 = dz1^T * ones */
    gsl_blas_dgemv(CblasTrans, 1.0, tmpNxH, onesN, 0.0, g->db1);

    g->present = BP_GRADS_ALL;
    status = 0;

cleanup:
    gsl_vector_free(onesN);
    gsl_matrix_free(tmpDxH);
    gsl_matrix_free(tmpNxH);
    gsl_matrix_free(tmpHxC);
    gsl_matrix_free(tmpNxC);
    return status;
}
