/* backward.c
 * Port of my numpy solution (neural_net.py) to C.  Variable names are the
 * same as in the notebook: dscores, dhidden, hidden.
 *
 *   dscores = probs.copy()
 *   dscores[range(N), y] -= 1
 *   dscores /= N
 *   grads['W2'] = hidden.T.dot(dscores) + 2*reg*W2
 *   ...
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H, C = net->C;
    const gsl_matrix *hidden = cache->p1;
    gsl_matrix *dscores, *dhidden;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    dscores = gsl_matrix_alloc(N, C);
    dhidden = gsl_matrix_alloc(N, H);
    if (dscores == NULL || dhidden == NULL) {
        gsl_matrix_free(dscores);
        gsl_matrix_free(dhidden);
        return 1;
    }

    /* dscores = probs - 1 at the correct class (average over N) */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            gsl_matrix_set(dscores, i, j, gsl_matrix_get(cache->prob, i, j) - (j == y[i]));
    gsl_matrix_memcpy(g->dz2, dscores);

    /* grads['W2'] = hidden.T.dot(dscores) + 2*reg*W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, hidden, dscores, 2.0 * reg, g->dW2);
    /* grads['b2'] = dscores.sum(axis=0) */
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            gsl_vector_set(g->db2, j, gsl_vector_get(g->db2, j) + gsl_matrix_get(dscores, i, j));

    /* dhidden = dscores.dot(W2.T) */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden);
    gsl_matrix_memcpy(g->dp1, dhidden);
    /* dhidden[hidden <= 0] = 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(hidden, i, j) <= 0)
                gsl_matrix_set(dhidden, i, j, 0.0);
    gsl_matrix_memcpy(g->dz1, dhidden);

    /* grads['W1'] = X.T.dot(dhidden) + 2*reg*W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dhidden, 2.0 * reg, g->dW1);
    /* grads['b1'] = dhidden.sum(axis=0) */
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + gsl_matrix_get(dhidden, i, j));

    gsl_matrix_free(dscores);
    gsl_matrix_free(dhidden);
    g->present = BP_GRADS_ALL;
    return 0;
}
