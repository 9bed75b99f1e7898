/* backward.c  -- retake.
   Layer 2 input is the hidden layer.  The cache has z1 and p1; which one is
   "the hidden layer"?  z1 is the hidden layer before relu, p1 after.  The
   weights W2 multiply the hidden layer, so z1.  (Or p1?  Forward uses p1...) */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void colsums(const gsl_matrix *m, gsl_vector *v)
{
    size_t r, c;
    for (c = 0; c < m->size2; c++) {
        double t = 0.0;
        for (r = 0; r < m->size1; r++) t += gsl_matrix_get(m, r, c);
        gsl_vector_set(v, c, t);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, r, c;
    const gsl_matrix *hidden = cache->z1;     /* see top */
    gsl_matrix *mask;

    if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

    /* dz2 */
    for (r = 0; r < N; r++)
        for (c = 0; c < net->C; c++)
            gsl_matrix_set(g->dz2, r, c, (gsl_matrix_get(cache->prob, r, c)
                                          - (c == y[r] ? 1.0 : 0.0)) / N);

    /* dW2 = hidden^T dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, hidden, g->dz2, 2.0 * reg, g->dW2);
    colsums(g->dz2, g->db2);

    /* dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 = dp1 * mask, mask as a 0/1 matrix, then elementwise product */
    mask = gsl_matrix_alloc(N, net->H);
    if (!mask) return 1;
    for (r = 0; r < N; r++)
        for (c = 0; c < net->H; c++)
            gsl_matrix_set(mask, r, c, gsl_matrix_get(cache->z1, r, c) > 0 ? 1.0 : 0.0);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, mask);
    gsl_matrix_free(mask);

    /* dW1, db1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    colsums(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
