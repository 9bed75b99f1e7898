/*
 * ML Coursework - Task 3 (backpropagation)
 * Backward pass using GSL BLAS for the matrix products.
 * Note: reg is applied to the weights only, not the biases (as in the spec).
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* sums each column of A into out (out has A->size2 entries) */
static void column_sums(const gsl_matrix *A, gsl_vector *out)
{
    size_t r, c;
    gsl_vector_set_zero(out);
    for (r = 0; r < A->size1; r++)
    {
        for (c = 0; c < A->size2; c++)
        {
            out->data[c * out->stride] += gsl_matrix_get(A, r, c);
        }
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t n = X->size1;
    size_t i;

    if (n != cache->N || X->size2 != net->D || g->N != n)
        return 1;

    /* scores gradient: softmax minus one-hot, averaged over the batch */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < n; i++)
    {
        double v = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], v - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double) n);

    /* dW2 = p1' * dz2 + 2*reg*W2  (copy W2 in first so that beta does the reg) */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    column_sums(g->dz2, g->db2);

    /* back through the second layer: dp1 = dz2 * W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* ReLU: zero the gradient wherever the unit was off */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < n; i++)
    {
        size_t h;
        for (h = 0; h < net->H; h++)
        {
            if (gsl_matrix_get(cache->z1, i, h) <= 0.0)
                gsl_matrix_set(g->dz1, i, h, 0.0);
        }
    }

    /* dW1 = X' * dz1 + 2*reg*W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    column_sums(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
