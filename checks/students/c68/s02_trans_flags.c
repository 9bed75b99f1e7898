#include <gsl/gsl_blas.h>
#include "backprop.h"

/* Week 3 formulas, but here the matrices hold one sample per ROW, so every
 * product is the transpose of the one in the course:
 *   course: dW2 = 1/m dZ2 A1^T     here: dW2 = A1^T dZ2   (1/m sits in dZ2)
 *   course: dA1 = W2^T dZ2         here: dA1 = dZ2 W2^T
 *   course: dW1 = 1/m dZ1 X^T      here: dW1 = X^T dZ1
 * The CblasTrans flags do the transposing, no copies needed. */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* np.sum(M, axis=0) in our layout = sum over the samples */
static void sum_over_samples(const gsl_matrix *M, gsl_vector *out)
{
    size_t i, j;
    gsl_vector_set_zero(out);
    for (i = 0; i < M->size1; i++) {
        for (j = 0; j < M->size2; j++) {
            double v = gsl_vector_get(out, j) + gsl_matrix_get(M, i, j);
            gsl_vector_set(out, j, v);
        }
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const gsl_matrix *Z1 = cache->z1, *A1 = cache->p1, *A2 = cache->prob;
    const gsl_matrix *W1 = net->W1, *W2 = net->W2;
    size_t m = X->size1, n_h = net->H;
    double lambd = reg;
    size_t i, j;

    if (m != cache->N || g->N != m)
        return 1;

    /* dZ2 = (A2 - Y) / m */
    gsl_matrix_memcpy(g->dz2, A2);
    for (i = 0; i < m; i++) {
        double a = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], a - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / m);

    /* dW2 = A1^T dZ2 + 2 lambd W2 */
    gsl_matrix_memcpy(g->dW2, W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A1, g->dz2, 2.0 * lambd, g->dW2);

    /* db2 */
    sum_over_samples(g->dz2, g->db2);

    /* dA1 = dZ2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, W2, 0.0, g->dp1);

    /* dZ1 = dA1 * g'(Z1) */
    for (i = 0; i < m; i++) {
        for (j = 0; j < n_h; j++) {
            double d = gsl_matrix_get(Z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0;
            gsl_matrix_set(g->dz1, i, j, d);
        }
    }

    /* dW1 = X^T dZ1 + 2 lambd W1 */
    gsl_matrix_memcpy(g->dW1, W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * lambd, g->dW1);

    sum_over_samples(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
