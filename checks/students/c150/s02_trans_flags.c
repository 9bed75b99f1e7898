// backward.c  --  Assignment 3, two layer network
// gradients with gsl_blas_dgemm using the CblasTrans flags (no explicit transposes)
// bias gradients = (dZ)^T * ones

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t num_train = X->size1;
    size_t hidden = net->H;
    size_t n, h;

    if (num_train != cache->N || g->N != num_train)
    {
        return 1;
    }

    gsl_vector *ones = gsl_vector_alloc(num_train);
    gsl_matrix *relu_mask = gsl_matrix_alloc(num_train, hidden);
    gsl_vector_set_all(ones, 1.0);

    // dz2: softmax gradient, averaged
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (n = 0; n < num_train; n++)
    {
        double v = gsl_matrix_get(g->dz2, n, y[n]);
        gsl_matrix_set(g->dz2, n, y[n], v - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double) num_train);

    // dW2 = p1' * dz2 + 2*reg*W2   (W2 copied in first, beta does the reg)
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    // db2 = dz2' * ones
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    // dp1 = dz2 * W2'
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // relu: p1 > 0 exactly where z1 > 0
    for (n = 0; n < num_train; n++)
    {
        for (h = 0; h < hidden; h++)
        {
            gsl_matrix_set(relu_mask, n, h,
                           gsl_matrix_get(cache->p1, n, h) > 0.0 ? 1.0 : 0.0);
        }
    }
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, relu_mask);

    // dW1 = X' * dz1 + 2*reg*W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    // db1 = dz1' * ones
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_vector_free(ones);
    gsl_matrix_free(relu_mask);

    g->present = BP_GRADS_ALL;
    return 0;
}
