/* backward.c
 * Amira Haddad -- Deep Learning, assignment 1, q4
 *
 * I redo only the softmax (that is where my python version had NaNs, so I
 * want it in front of me); the hidden layer is taken from the cache.
 * TODO: free on the error paths
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    const size_t C = net->C;
    gsl_matrix *probs = gsl_matrix_alloc(N, C);
    gsl_vector *ones = gsl_vector_alloc(N);
    if (probs == NULL || ones == NULL)
        return 1;
    gsl_vector_set_all(ones, 1.0);

    // ---- softmax of the scores, row by row, max-shifted ----
    for (size_t n = 0; n < N; n++) {
        gsl_vector_const_view zrow = gsl_matrix_const_row(cache->z2, n);
        double m = gsl_vector_max(&zrow.vector);
        double Z = 0.0;
        for (size_t c = 0; c < C; c++) {
            double e = exp(gsl_matrix_get(cache->prob, n, c) - m);
            gsl_matrix_set(probs, n, c, e);
            Z += e;
        }
        gsl_vector_view prow = gsl_matrix_row(probs, n);
        gsl_vector_scale(&prow.vector, 1.0 / Z);
    }

    // ---- dz2 = (probs - Y) / N ----
    gsl_matrix_memcpy(g->dz2, probs);
    for (size_t n = 0; n < N; n++)
        gsl_matrix_set(g->dz2, n, y[n], gsl_matrix_get(g->dz2, n, y[n]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    // ---- layer 2 ----
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // ---- relu ----
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (size_t n = 0; n < N; n++)
        for (size_t j = 0; j < net->H; j++)
            if (gsl_matrix_get(cache->z1, n, j) <= 0.0)
                gsl_matrix_set(g->dz1, n, j, 0.0);

    // ---- layer 1 ----
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_matrix_free(probs);
    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
