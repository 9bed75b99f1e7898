/* backward.c -- 2-layer net gradients
 *
 * sum_cols(A) = MATLAB sum(A): for each column, add up its entries.
 * A column is m consecutive doubles in memory, so no gsl_matrix_get in the
 * inner loop (faster).
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void sum_cols(const gsl_matrix *A, gsl_vector *out)
{
    size_t m = A->size1, n = A->size2, i, j;
    for (j = 0; j < n; j++) {
        const double *col = A->data + j * m;
        double s = 0.0;
        for (i = 0; i < m; i++)
            s += col[i];
        gsl_vector_set(out, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dscores = (probs - Y)/N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        double *p = gsl_matrix_ptr(g->dz2, i, y[i]);
        *p = *p - 1.0;
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* W2 and b2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);
    sum_cols(g->dz2, g->db2);

    /* hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++) {
            double d = gsl_matrix_get(g->dp1, i, j);
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                d = 0.0;
            gsl_matrix_set(g->dz1, i, j, d);
        }

    /* W1 and b1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);
    sum_cols(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
