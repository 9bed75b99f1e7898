/* backward.c
 * Raw pointer walks over g's own buffers.  dz2 / dp1 / dz1 are all
 * allocated contiguous by bp_grads_alloc so I just walk data[] */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;
    double *d, *m, *b;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;
    if (g->dz2->tda != C || g->dz1->tda != H || cache->z1->tda != H)
        return 1;   /* my walks assume no padding */

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    d = g->dz2->data;
    for (i = 0; i < N; i++)
        d[i * C + y[i]] -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* dW2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    /* db2: sum down the columns of dz2 */
    b = g->db2->data;
    for (j = 0; j < C; j++) {
        b[j * g->db2->stride] = 0.0;
        for (i = 0; i < N; i++)
            b[j * g->db2->stride] += d[i * C + j];
    }

    /* dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                   g->dp1);

    /* dz1 = dp1 where z1 > 0 */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    d = g->dz1->data;
    m = cache->z1->data;
    for (i = 0; i < N * H; i++)
        if (m[i] <= 0.0)
            d[i] = 0.0;

    /* dW1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                   g->dW1);

    /* db1: same as db2 */
    b = g->db1->data;
    for (j = 0; j < H; j++) {
        b[j * g->db1->stride] = 0.0;
        for (i = 0; i < N; i++)
            b[j * g->db1->stride] += d[i * C + j];
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
