/* backward.c -- ECE 4xx lab, gradients of the 2-layer net by hand.
 * Scratch: ONE calloc.  Pieces:
 *   dY   (N,C)  dL/dz2
 *   dP   (N,H)  dL/dp1
 *   dZ   (N,H)  dL/dz1
 *   acc  max(H,C)  column sums for the bias gradients
 * The weight gradients are computed with dgemm directly into g.
 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define MAX(a, b) ((a) > (b) ? (a) : (b))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j;
    double *scr, *dY, *dP, *dZ, *acc;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;
    scr = calloc(N*C + 2*N*H + MAX(H, C), sizeof(double));
    if (!scr)
        return 1;
    dY = scr;
    dP = dY + N*C;
    dZ = dP + N*H;
    acc = dZ + N*H;

    gsl_matrix_view mY = gsl_matrix_view_array(dY, N, C);
    gsl_matrix_view mP = gsl_matrix_view_array(dP, N, H);
    gsl_matrix_view mZ = gsl_matrix_view_array(dZ, N, H);

    /* dY = (prob - onehot) / N */
    gsl_matrix_memcpy(&mY.matrix, cache->prob);
    for (i = 0; i < N; i++)
        dY[i*C + y[i]] -= 1.0;
    gsl_matrix_scale(&mY.matrix, 1.0 / N);

    /* dW2 = p1' dY + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, &mY.matrix,
                   2.0 * reg, g->dW2);

    /* db2 */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            acc[j] += dY[i*C + j];
    {
        gsl_vector_view v = gsl_vector_view_array(acc, C);
        gsl_vector_memcpy(g->db2, &v.vector);
    }

    /* dP = dY W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &mY.matrix, net->W2, 0.0,
                   &mP.matrix);

    /* dZ = dP where z1 > 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            dZ[i*H + j] = gsl_matrix_get(cache->z1, i, j) > 0 ? dP[i*H + j] : 0.0;

    /* dW1 = X' dZ + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, &mZ.matrix, 2.0 * reg,
                   g->dW1);

    /* db1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            acc[j] += dZ[i*H + j];
    {
        gsl_vector_view v = gsl_vector_view_array(acc, H);
        gsl_vector_memcpy(g->db1, &v.vector);
    }

    gsl_matrix_memcpy(g->dz2, &mY.matrix);
    gsl_matrix_memcpy(g->dp1, &mP.matrix);
    gsl_matrix_memcpy(g->dz1, &mZ.matrix);

    free(scr);
    g->present = BP_GRADS_ALL;
    return 0;
}
