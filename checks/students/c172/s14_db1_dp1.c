/* backward.c -- two-layer net, backward pass.
 * Order: output layer, then hidden layer.  Each bias gradient is taken
 * right after the gradient it sums, while the rows are in cache.
 *
 *   dz2 (N,C)  dW2 (H,C)  db2 (C)  dp1 (N,H)  dz1 (N,H)  dW1 (D,H)  db1 (H)
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H;
    gsl_vector *one;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;
    one = gsl_vector_alloc(N);
    if (!one)
        return 1;
    gsl_vector_set_all(one, 1.0);

    /* output scores: dz2 = (prob - onehot(y)) / N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t n = 0; n < N; n++) {
        double p = gsl_matrix_get(g->dz2, n, y[n]);
        gsl_matrix_set(g->dz2, n, y[n], p - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, one, 0.0, g->db2);     /* db2 (C) */

    /* dW2 = p1' dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    /* hidden activations: dp1 = dz2 W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dp1, one, 0.0, g->db1);     /* db1 (H) */

    /* through the relu: dz1 = dp1 where z1 > 0 */
    for (size_t n = 0; n < N; n++) {
        const double *z = gsl_matrix_const_ptr(cache->z1, n, 0);
        const double *dp = gsl_matrix_const_ptr(g->dp1, n, 0);
        double *dz = gsl_matrix_ptr(g->dz1, n, 0);
        for (size_t h = 0; h < H; h++)
            dz[h] = z[h] > 0.0 ? dp[h] : 0.0;
    }

    /* dW1 = X' dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    gsl_vector_free(one);
    g->present = BP_GRADS_ALL;
    return 0;
}
