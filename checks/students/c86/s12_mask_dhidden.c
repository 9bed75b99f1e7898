/* backward.c -- numpy port.
 *
 * My numpy (it passed the notebook's check):
 *
 *   dscores = probs.copy()
 *   dscores[range(N), y] -= 1
 *   dscores /= N
 *   grads['W2'] = np.dot(hidden_layer.T, dscores) + 2 * reg * W2
 *   grads['b2'] = np.sum(dscores, axis=0)
 *   dhidden = np.dot(dscores, W2.T)
 *   dhidden[hidden_layer <= 0] = 0
 *   grads['W1'] = np.dot(X.T, dhidden) + 2 * reg * W1
 *   grads['b1'] = np.sum(dhidden, axis=0)
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

/* np.sum(A, axis=0) */
static void sum_axis0(const gsl_matrix *A, gsl_vector *out)
{
    size_t i, j;
    for (j = 0; j < A->size2; j++) {
        double s = 0.0;
        for (i = 0; i < A->size1; i++)
            s += gsl_matrix_get(A, i, j);
        gsl_vector_set(out, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i, j;
    gsl_matrix *dscores, *dhidden;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    dscores = gsl_matrix_alloc(N, net->C);
    dhidden = gsl_matrix_alloc(N, net->H);

    /* dscores = probs.copy() */
    gsl_matrix_memcpy(dscores, cache->prob);
    /* dscores[range(N), y] -= 1 */
    for (i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1.0);
    /* dscores /= N */
    gsl_matrix_scale(dscores, 1.0 / (double)N);
    gsl_matrix_memcpy(g->dz2, dscores);

    /* grads['W2'] = np.dot(hidden_layer.T, dscores) + 2 * reg * W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 2.0 * reg, g->dW2);

    /* grads['b2'] = np.sum(dscores, axis=0) */
    sum_axis0(dscores, g->db2);

    /* dhidden = np.dot(dscores, W2.T) */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden);
    gsl_matrix_memcpy(g->dp1, dhidden);

    /* dhidden[hidden_layer <= 0] = 0 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < net->H; j++) {
            if (gsl_matrix_get(dhidden, i, j) <= 0)
                gsl_matrix_set(dhidden, i, j, 0);
        }
    }
    gsl_matrix_memcpy(g->dz1, dhidden);

    /* grads['W1'] = np.dot(X.T, dhidden) + 2 * reg * W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dhidden, 2.0 * reg, g->dW1);

    /* grads['b1'] = np.sum(dhidden, axis=0) */
    sum_axis0(dhidden, g->db1);

    gsl_matrix_free(dscores);
    gsl_matrix_free(dhidden);
    g->present = BP_GRADS_ALL;
    return 0;
}
