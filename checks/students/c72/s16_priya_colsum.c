/* ML1 Assignment 3: backprop for the two layer network
 * Priya S.
 *
 * Layout: small helpers at the top, backward() at the bottom.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* sum over the batch (rows) -> one value per column */
static void colsum(const gsl_matrix *M, gsl_vector *out)
{
    size_t r, c;
    gsl_vector_set_zero(out);
    for (r = 0; r + 1 < M->size1; r++)
        for (c = 0; c < M->size2; c++)
            *gsl_vector_ptr(out, c) += gsl_matrix_get(M, r, c);
}

/* dW = A^T dZ + 2 reg W */
static void weight_grad(const gsl_matrix *A, const gsl_matrix *dZ,
                        const gsl_matrix *W, double reg, gsl_matrix *dW)
{
    gsl_matrix_memcpy(dW, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 = (softmax - onehot) / N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        double *p = gsl_matrix_ptr(g->dz2, i, y[i]);
        *p = *p - 1.0;
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2);
    colsum(g->dz2, g->db2);

    /* dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 = dp1 where z1 > 0, else 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++) {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, z > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
        }

    weight_grad(X, g->dz1, net->W1, reg, g->dW1);
    colsum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
