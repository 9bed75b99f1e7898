/* backward.c -- Uebungsblatt 4, Aufgabe 2
 * Clara Schulz
 *
 * Matrix products with dgemm, elementwise stuff with loops.
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

#define GET gsl_matrix_get
#define SET gsl_matrix_set

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* relu'(x) = 1 if the unit was active, 0 otherwise.  The activation is
 * stored in the cache as p1 = max(0, z1). */
static void relu_backward(const gsl_matrix *dout, const gsl_matrix *act,
                          gsl_matrix *din)
{
    size_t i, j;
    for (i = 0; i < dout->size1; i++)
        for (j = 0; j < dout->size2; j++)
            SET(din, i, j, GET(act, i, j) >= 0.0 ? GET(dout, i, j) : 0.0);
}

static void sum_over_batch(const gsl_matrix *d, gsl_vector *out)
{
    size_t i, j;
    gsl_vector_set_zero(out);
    for (i = 0; i < d->size1; i++)
        for (j = 0; j < d->size2; j++)
            gsl_vector_set(out, j, gsl_vector_get(out, j) + GET(d, i, j));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        SET(g->dz2, i, y[i], GET(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);
    sum_over_batch(g->dz2, g->db2);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    relu_backward(g->dp1, cache->p1, g->dz1);

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    sum_over_batch(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
