/* ML3 assignment 2 -- backward pass.
 *
 * To save memory the relu is done in place: g->dz1 first holds dhidden,
 * a copy goes to g->dp1, and then the entries where the unit was off are
 * zeroed.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

static void column_sums(const gsl_matrix *A, gsl_vector *s)
{
    size_t i, j;
    gsl_vector_set_zero(s);
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            gsl_vector_set(s, j, gsl_vector_get(s, j) + gsl_matrix_get(A, i, j));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dscores = (probs - onehot) / N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    /* dW2, db2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    column_sums(g->dz2, g->db2);

    /* dhidden */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dz1);
    gsl_matrix_memcpy(g->dp1, g->dz1);
    column_sums(g->dz1, g->db1);

    /* relu, in place */
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);

    /* dW1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    g->present = BP_GRADS_ALL;
    return 0;
}
