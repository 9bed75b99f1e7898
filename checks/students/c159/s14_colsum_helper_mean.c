/* backward.c -- HW3 backward pass
 *
 * helpers: colsum() for the bias gradients, mask_relu() for the relu.
 * temporaries: tmp (N x C), tmp2 (N x H), and one plain array buf
 * (H long, big enough for both bias gradients) for the sums.
 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* column sums of A into out (A->size2 long) */
static void colsum(const gsl_matrix *A, double *out)
{
    size_t i, j;
    for (j = 0; j < A->size2; j++) {
        double s = 0.0;
        for (i = 0; i < A->size1; i++)
            s += gsl_matrix_get(A, i, j);
        out[j] = s / A->size1;
    }
}

/* D *= (Z > 0) */
static void mask_relu(gsl_matrix *Dm, const gsl_matrix *Z)
{
    size_t i, j;
    for (i = 0; i < Dm->size1; i++)
        for (j = 0; j < Dm->size2; j++)
            if (!(gsl_matrix_get(Z, i, j) > 0.0))
                gsl_matrix_set(Dm, i, j, 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i;
    gsl_matrix *tmp, *tmp2;
    double *buf;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    tmp = gsl_matrix_alloc(N, C);
    tmp2 = gsl_matrix_alloc(N, H);
    buf = malloc((H > C ? H : C) * sizeof(double));

    /* dz2 */
    gsl_matrix_memcpy(tmp, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(tmp, i, y[i], gsl_matrix_get(tmp, i, y[i]) - 1.0);
    gsl_matrix_scale(tmp, 1.0 / N);
    gsl_matrix_memcpy(g->dz2, tmp);

    /* dW2 = p1^T dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, tmp, 2 * reg, g->dW2);

    /* db2 */
    colsum(tmp, buf);
    for (i = 0; i < C; i++)
        gsl_vector_set(g->db2, i, buf[i]);

    /* dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, tmp, net->W2, 0.0, tmp2);
    gsl_matrix_memcpy(g->dp1, tmp2);

    /* dz1 */
    mask_relu(tmp2, cache->z1);
    gsl_matrix_memcpy(g->dz1, tmp2);

    /* dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, tmp2, 2 * reg, g->dW1);

    /* db1 */
    colsum(tmp2, buf);
    for (i = 0; i < H; i++)
        gsl_vector_set(g->db1, i, buf[i]);

    gsl_matrix_free(tmp);
    gsl_matrix_free(tmp2);
    free(buf);
    g->present = BP_GRADS_ALL;
    return 0;
}
