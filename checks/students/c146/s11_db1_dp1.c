/* HW3 two-layer net: backward
 * matrix products with cblas (gsl_blas_dgemm), the rest with loops */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* b[j] = sum_i dZ[i][j]  (bias gradient) */
static void bias_grad(const gsl_matrix *dZ, gsl_vector *b)
{
    size_t i, j;
    gsl_vector_set_zero(b);
    for (i = 0; i < dZ->size1; i++)
        for (j = 0; j < dZ->size2; j++)
            gsl_vector_set(b, j, gsl_vector_get(b, j) + gsl_matrix_get(dZ, i, j));
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
    size_t N = X->size1;
    size_t i, j;

    if (N != cache->N)
        return 1;

    /* output layer */
    for (i = 0; i < N; i++)
        for (j = 0; j < net->C; j++) {
            double p = gsl_matrix_get(cache->prob, i, j);
            gsl_matrix_set(g->dz2, i, j, (j == y[i] ? p - 1.0 : p) / N);
        }
    weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2);
    bias_grad(g->dz2, g->db2);

    /* hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    weight_grad(X, g->dz1, net->W1, reg, g->dW1);
    bias_grad(g->dp1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
