/* Assignment 3 -- backprop for the two layer net.
   Dana R.

   I use macros for element access so the formulas look like the notes.
   Everything is done in place in g where possible. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define GET(m, i, j)    gsl_matrix_get((m), (i), (j))
#define SET(m, i, j, v) gsl_matrix_set((m), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* sum the rows of A into v, using row views */
static void sum_rows(const gsl_matrix *A, gsl_vector *v)
{
    size_t i;
    gsl_vector_set_zero(v);
    for (i = 0; i < A->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(A, i);
        gsl_vector_add(v, &r.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dL/dz2: subtract 1/N at the correct class after scaling */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_scale(g->dz2, 1.0 / N);
    for (i = 0; i < N; i++)
        SET(g->dz2, i, y[i], GET(g->dz2, i, y[i]) - 1.0 / N);

    /* dW2: regulariser first then add the data part */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

    sum_rows(g->dz2, g->db2);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu: dz1 = dp1 where the unit was on.  p1 > 0 exactly when z1 > 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            SET(g->dz1, i, j, GET(cache->p1, i, j) > 0 ? GET(g->dp1, i, j) : 0.0);

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

    sum_rows(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
