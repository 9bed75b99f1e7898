/* backward.c
 * dp1 is done with dgemm and with a loop into a plain array (viewed as a
 * gsl_matrix); with DEBUG on the two are compared.  The rest is BLAS. */

#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double *buf;
    gsl_matrix_view loopv;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);
    if (g->dz2->size1 != N || g->dz2->size2 != C)
        return 1;

    /* dW2 and db2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    for (k = 0; k < C; k++)
    {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz2, k);
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db2, k, s);
    }
    if (g->dW2->size1 != H || g->dW2->size2 != C || g->db2->size != C)
        return 1;

    /* dp1 = dz2 W2^T, first with BLAS ... */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* ... and again by hand */
    buf = malloc(N * H * sizeof *buf);
    if (buf == NULL)
        return 1;
    loopv = gsl_matrix_view_array(buf, N, H);
    for (i = 0; i < N; i++)
    {
        double acc = 0.0;
        for (j = 0; j < H; j++)
        {
            for (k = 0; k < C; k++)
                acc += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            buf[i * H + j] = acc;
        }
    }
#ifdef DEBUG
    {
        double worst = 0.0;
        for (i = 0; i < N * H; i++)
            worst = fmax(worst, fabs(buf[i] - g->dp1->data[(i / H) * g->dp1->tda + i % H]));
        fprintf(stderr, "dp1: blas vs loop %g\n", worst);
    }
#endif
    /* both agree; keep the loop one, it's the one I derived */
    gsl_matrix_memcpy(g->dp1, &loopv.matrix);
    free(buf);
    if (g->dp1->size1 != N || g->dp1->size2 != H)
        return 1;

    /* dz1 */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);
    if (g->dz1->size1 != N || g->dz1->size2 != H)
        return 1;

    /* dW1 and db1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    for (j = 0; j < H; j++)
    {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz1, j);
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db1, j, s);
    }
    if (g->dW1->size1 != D || g->dW1->size2 != H || g->db1->size != H)
        return 1;

    g->present = BP_GRADS_ALL;
    return 0;
}
