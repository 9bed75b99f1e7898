/* backward.c -- translated from my neural_net.py, line by line
 *
 *   probs = ...                      (cache->prob)
 *   dscores = probs
 *   dscores[range(N), y] -= 1
 *   dscores /= N
 *   grads['W2'] = hidden.T.dot(dscores) + 2*reg*W2
 *   grads['b2'] = np.sum(dscores, axis=0)
 *   dhidden = dscores.dot(W2.T)
 *   dhidden[hidden <= 0] = 0
 *   grads['W1'] = X.T.dot(dhidden) + 2*reg*W1
 *   grads['b1'] = np.sum(dhidden, axis=0)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static gsl_vector *np_sum_axis0(const gsl_matrix *A)
{
    gsl_vector *out = gsl_vector_calloc(A->size2);
    for (size_t i = 0; i < A->size1; i++)
        for (size_t j = 0; j < A->size2; j++)
            gsl_vector_set(out, j, gsl_vector_get(out, j) + gsl_matrix_get(A, i, j));
    return out;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    const gsl_matrix *probs = cache->prob;
    const gsl_matrix *hidden = cache->p1;

    // dscores = probs (can't modify the cache, so a copy)
    gsl_matrix *dscores = gsl_matrix_alloc(N, net->C);
    gsl_matrix_memcpy(dscores, probs);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1.0);
    gsl_matrix_scale(dscores, 1.0 / N);
    gsl_matrix_memcpy(g->dz2, dscores);

    // grads['W2']
    gsl_matrix *gW2 = gsl_matrix_alloc(net->H, net->C);
    gsl_matrix_memcpy(gW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, hidden, dscores, 2 * reg, gW2);
    gsl_matrix_memcpy(g->dW2, gW2);

    // grads['b2']
    gsl_vector *gb2 = np_sum_axis0(probs);
    gsl_vector_memcpy(g->db2, gb2);

    // dhidden
    gsl_matrix *dhidden = gsl_matrix_alloc(N, net->H);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden);
    gsl_matrix_memcpy(g->dp1, dhidden);

    // dhidden[hidden <= 0] = 0
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < net->H; j++)
            if (gsl_matrix_get(hidden, i, j) <= 0)
                gsl_matrix_set(dhidden, i, j, 0.0);
    gsl_matrix_memcpy(g->dz1, dhidden);

    // grads['W1']
    gsl_matrix *gW1 = gsl_matrix_alloc(net->D, net->H);
    gsl_matrix_memcpy(gW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dhidden, 2 * reg, gW1);
    gsl_matrix_memcpy(g->dW1, gW1);

    // grads['b1']
    gsl_vector *gb1 = np_sum_axis0(dhidden);
    gsl_vector_memcpy(g->db1, gb1);

    gsl_matrix_free(dscores);
    gsl_matrix_free(gW2);
    gsl_vector_free(gb2);
    gsl_matrix_free(dhidden);
    gsl_matrix_free(gW1);
    gsl_vector_free(gb1);

    g->present = BP_GRADS_ALL;
    return 0;
}
