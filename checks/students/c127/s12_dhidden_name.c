/* Backward pass translated from my two_layer_net.m:
 *
 *   dscores = probs; dscores(idx) -= 1; dscores /= N;
 *   grads.W2 = hidden' * dscores + 2*reg*W2;   grads.b2 = sum(dscores);
 *   dhidden = dscores * W2';
 *   dhidden(hidden <= 0) = 0;
 *   grads.W1 = X' * dhidden + 2*reg*W1;        grads.b1 = sum(dhidden);
 *
 * In C dhidden is g->dp1 and the masked one goes into g->dz1.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* b = sum(A) */
static void sum_cols(const gsl_matrix *A, gsl_vector *b)
{
    size_t j;
    for (j = 0; j < A->size2; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(A, j);
        size_t i;
        double s = 0;
        for (i = 0; i < col.vector.size; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(b, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const gsl_matrix *hidden = cache->p1;
    gsl_matrix *dscores = g->dz2, *dhidden = g->dp1;
    size_t N = X->size1, i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix_memcpy(dscores, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1);
    gsl_matrix_scale(dscores, 1.0 / N);

    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, hidden, dscores, 2 * reg, g->dW2);
    sum_cols(dscores, g->db2);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden);

    /* dhidden(hidden <= 0) = 0, but into dz1 so dp1 stays */
    gsl_matrix_memcpy(g->dz1, dhidden);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (gsl_matrix_get(hidden, i, j) <= 0)
                gsl_matrix_set(g->dz1, i, j, 0.0);

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
    sum_cols(dhidden, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
