/* HW3 - backward pass of 2-layer net
 * Park Jihoon  2020-11872
 */
#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t i, j;

    if (cache->N != N || X->size2 != D || g->N != N) return 1;

    gsl_matrix *P  = cache->prob;
    gsl_matrix *Hd = cache->p1;     /* hidden (after relu) */
    gsl_matrix *A  = cache->z1;     /* hidden (before relu) */

    gsl_matrix *dS = g->dz2, *dH = g->dp1, *dA = g->dz1;
    gsl_matrix *gW1 = g->dW1, *gW2 = g->dW2;
    gsl_vector *gb1 = g->db1, *gb2 = g->db2;

    /* dL/dS = (P - Y) / N */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            double yij = (j == y[i]) ? 1.0 : 0.0;
            gsl_matrix_set(dS, i, j, gsl_matrix_get(P, i, j) - yij);
        }
    }

    /* gW2 = Hd^T dS + 2 reg W2 */
    gsl_matrix_memcpy(gW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, Hd, dS, 2 * reg, gW2);

    /* gb2 */
    gsl_vector_set_zero(gb2);
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            gsl_vector_set(gb2, j, gsl_vector_get(gb2, j) + gsl_matrix_get(dS, i, j));

    /* dH = dS W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dS, net->W2, 0.0, dH);

    /* dA = dH (A > 0) */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double m = gsl_matrix_get(A, i, j) > 0 ? 1.0 : 0.0;
            gsl_matrix_set(dA, i, j, m * gsl_matrix_get(dH, i, j));
        }
    }

    /* gW1 = X^T dA + 2 reg W1 */
    gsl_matrix_memcpy(gW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dA, 2 * reg, gW1);

    /* gb1 */
    gsl_vector_set_zero(gb1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_vector_set(gb1, j, gsl_vector_get(gb1, j) + gsl_matrix_get(dA, i, j));

    g->present = BP_GRADS_ALL;
    return 0;
}
