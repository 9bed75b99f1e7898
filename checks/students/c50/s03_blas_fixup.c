// Backward pass -- ML assignment 4
// gsl_blas_dgemm as in the lecture 7 notes.  The 1/N is put in at the end
// (alpha of the dgemm / dgemv), dz2 is scaled afterwards.
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;
    double invN;
    gsl_vector *ones;
    gsl_matrix *mask;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;
    invN = 1.0 / (double) N;

    // dz2 without the 1/N for now: probs - onehot
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
    {
        double *p = gsl_matrix_ptr(g->dz2, i, y[i]);
        *p -= 1.0;
    }

    // dW2 = 1/N p1^T (probs - onehot) + 2 reg W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, invN, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    // db2 = 1/N * (column sums), with a vector of ones
    ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);
    gsl_blas_dgemv(CblasTrans, invN, g->dz2, ones, 0.0, g->db2);

    // now fix dz2 up so that it is the real gradient
    gsl_matrix_scale(g->dz2, invN);

    // dp1 = dz2 W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // relu: 0/1 mask from z1, multiply elementwise
    mask = gsl_matrix_alloc(N, net->H);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(mask, i, j, gsl_matrix_get(cache->z1, i, j) > 0.0 ? 1.0 : 0.0);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, mask);
    gsl_matrix_free(mask);

    // dW1 = X^T dz1 + 2 reg W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    // db1 = dz1^T ones
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
    gsl_vector_free(ones);

    g->present = BP_GRADS_ALL;
    return 0;
}
