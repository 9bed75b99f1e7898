/* backward.c, assignment 3 -- two-layer net.
 *
 * I copy the cached activations into t1 (z1) and t2 (p1) at the top
 * so everything below reads from the temporaries.  buf = dz2,
 * buf2 = dp1 / dz1.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;
    gsl_matrix *t1, *t2, *buf, *buf2;
    gsl_vector *ones;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    t1 = gsl_matrix_alloc(N, H);
    t2 = gsl_matrix_alloc(N, H);
    buf = gsl_matrix_alloc(N, C);
    buf2 = gsl_matrix_alloc(N, H);
    ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);
    gsl_matrix_memcpy(t1, cache->z1);
    gsl_matrix_memcpy(t2, cache->p1);

    /* dz2 = (p - y) / N */
    gsl_matrix_memcpy(buf, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(buf, i, y[i], gsl_matrix_get(buf, i, y[i]) - 1.0);
    gsl_matrix_scale(buf, 1.0 / (double)N);
    gsl_matrix_memcpy(g->dz2, buf);

    /* dW2 = h^T dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, t1, buf, 2.0 * reg, g->dW2);

    /* db2 */
    gsl_blas_dgemv(CblasTrans, 1.0, buf, ones, 0.0, g->db2);

    /* dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, buf, net->W2, 0.0, buf2);
    gsl_matrix_memcpy(g->dp1, buf2);

    /* dz1: relu'(z1) */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(t1, i, j) <= 0.0)
                gsl_matrix_set(buf2, i, j, 0.0);
    gsl_matrix_memcpy(g->dz1, buf2);

    /* dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, buf2, 2.0 * reg, g->dW1);

    /* db1 */
    gsl_blas_dgemv(CblasTrans, 1.0, buf2, ones, 0.0, g->db1);

    gsl_matrix_free(t1);
    gsl_matrix_free(t2);
    gsl_matrix_free(buf);
    gsl_matrix_free(buf2);
    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
