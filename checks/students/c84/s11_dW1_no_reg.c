#include <gsl/gsl_blas.h>
#include "backprop.h"

/*
 * backward() for HW3.  Port of my TwoLayerNet.loss() from the numpy
 * assignment:
 *   dscores = probs; dscores[range(N), y] -= 1; dscores /= N
 *   grads['W2'] = h1.T.dot(dscores) + 2 * reg * W2
 *   grads['b2'] = np.sum(dscores, axis=0)
 *   dh1 = dscores.dot(W2.T); dh1[h1 <= 0] = 0
 *   grads['W1'] = X.T.dot(dh1) + 2 * reg * W1
 *   grads['b1'] = np.sum(dh1, axis=0)
 */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void sum_rows(const gsl_matrix *A, gsl_vector *out)
{
    size_t i, j;
    gsl_vector_set_zero(out);
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            gsl_vector_set(out, j, gsl_vector_get(out, j) + gsl_matrix_get(A, i, j));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t num_train = X->size1;
    size_t hidden_size = net->H;
    size_t i, j;

    if (num_train != cache->N || X->size2 != net->D || g->N != num_train)
        return 1;

    /* dscores */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < num_train; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double)num_train);

    /* grads W2, b2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);
    sum_rows(g->dz2, g->db2);

    /* dh1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < num_train; i++)
        for (j = 0; j < hidden_size; j++)
            if (gsl_matrix_get(cache->p1, i, j) <= 0)
                gsl_matrix_set(g->dz1, i, j, 0.0);

    /* grads W1, b1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    sum_rows(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
