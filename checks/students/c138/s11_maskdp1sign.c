/* backward.c for the two-layer network, Assignment 2
 *
 * Products with gsl_blas_dgemm; bias gradients by adding up row views.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

static void sum_rows(const gsl_matrix *A, gsl_vector *out)
{
    size_t r;
    gsl_vector_set_zero(out);
    for (r = 0; r < A->size1; r++) {
        gsl_vector_const_view row = gsl_matrix_const_row(A, r);
        gsl_vector_add(out, &row.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* scores gradient */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        double *entry = gsl_matrix_ptr(g->dz2, i, y[i]);
        *entry -= 1.0;
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* second layer weights + reg */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);
    sum_rows(g->dz2, g->db2);

    /* backprop into the hidden activations */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                   0.0, g->dp1);

    /* relu: gradient only passes where it is positive */
    for (i = 0; i < N; i++) {
        for (j = 0; j < net->H; j++) {
            double d = gsl_matrix_get(g->dp1, i, j);
            gsl_matrix_set(g->dz1, i, j, d > 0.0 ? d : 0.0);
        }
    }

    /* first layer weights + reg */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                   2.0 * reg, g->dW1);
    sum_rows(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
