/* two-layer net: backward
 * (c) me, for the NN course.  Vectors/matrices are views over plain
 * malloc'ed arrays because that is how we did it in lab 2. */

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C, D = net->D;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    double *ybuf = calloc(N * C, sizeof(double));
    double *mbuf = calloc(N * H, sizeof(double));
    double *vbuf = malloc(N * sizeof(double));
    gsl_matrix_view Yv = gsl_matrix_view_array(ybuf, N, C);
    gsl_matrix_view Mv = gsl_matrix_view_array(mbuf, N, H);
    gsl_vector_view av = gsl_vector_view_array(vbuf, N);
    gsl_matrix *Y = &Yv.matrix, *M = &Mv.matrix;
    gsl_vector *avg = &av.vector;

    for (size_t i = 0; i < N; i++) {
        gsl_matrix_set(Y, i, y[i], 1.0);
        for (size_t j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(M, i, j, 1.0);
    }
    /* bias grads are the average over the batch */
    gsl_vector_set_all(avg, 1.0 / N);

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_sub(g->dz2, Y);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* dW2, with the reg term through beta */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2 * reg, g->dW2);

    /* db2 */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, avg, 0.0, g->db2);

    /* dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                   g->dp1);

    /* dz1 */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, M);

    /* dW1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg,
                   g->dW1);

    /* db1 */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, avg, 0.0, g->db1);

    free(ybuf);
    free(mbuf);
    free(vbuf);
    g->present = BP_GRADS_ALL;
    return 0;
}
