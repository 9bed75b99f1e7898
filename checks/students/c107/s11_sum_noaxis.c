/* backward.c -- hw2 two layer net, backward pass, translated from numpy.
 * np_sum and sum_axis0 are the two numpy sums I need:
 *   np_sum(A)          np.sum(A)          (the reg loss used it)
 *   sum_axis0(A, out)  np.sum(A, axis=0)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static double np_sum(const gsl_matrix *A)
{
    double s = 0.0;
    size_t i, j;
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            s += gsl_matrix_get(A, i, j);
    return s;
}

static void sum_axis0(const gsl_matrix *A, gsl_vector *out)
{
    gsl_vector *ones = gsl_vector_alloc(A->size1);
    gsl_vector_set_all(ones, 1.0);
    gsl_blas_dgemv(CblasTrans, 1.0, A, ones, 0.0, out);
    gsl_vector_free(ones);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, i, j;
    gsl_matrix *probs = cache->prob;
    gsl_matrix *dscores = g->dz2;
    gsl_matrix *dhidden = g->dp1;

    /* dscores = probs; dscores[range(N), y] -= 1; dscores /= N */
    gsl_matrix_memcpy(dscores, probs);
    for (i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1.0);
    gsl_matrix_scale(dscores, 1.0 / N);

    /* grads['W2'] = np.dot(hidden.T, dscores) + 2 * reg * W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 2 * reg, g->dW2);
    /* grads['b2'] = np.sum(dscores, axis=0) */
    sum_axis0(dscores, g->db2);

    /* dhidden = np.dot(dscores, W2.T) */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden);
    /* dhidden[hidden <= 0] = 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->z1, i, j) <= 0 ? 0.0 : gsl_matrix_get(dhidden, i, j));

    /* grads['W1'] = np.dot(X.T, dhidden) + 2 * reg * W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
    /* grads['b1'] = np.sum(dhidden) */
    gsl_vector_set_all(g->db1, np_sum(g->dz1));

    g->present = BP_GRADS_ALL;
    return 0;
}
