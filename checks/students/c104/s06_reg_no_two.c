// backward pass, two layer net (assignment 4)
// structure from the posted example; BLAS for the products.
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// adds the regularization gradient of reg*|W|^2 to dW
static void add_reg(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    for (size_t i = 0; i < W->size1; i++)
        for (size_t j = 0; j < W->size2; j++)
            gsl_matrix_set(dW, i, j, gsl_matrix_get(dW, i, j) + 2 * reg * gsl_matrix_get(W, i, j));
}

static void colsum(const gsl_matrix *A, gsl_vector *s)
{
    gsl_vector_set_zero(s);
    for (size_t i = 0; i < A->size1; i++)
        for (size_t j = 0; j < A->size2; j++)
            gsl_vector_set(s, j, gsl_vector_get(s, j) + gsl_matrix_get(A, i, j));
}

static void output_backward(const bp_net *net, const size_t *y, double reg,
                            const bp_cache *cache, bp_grads *g)
{
    size_t N = cache->N;
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1);
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    // dW2 = p1^T dz2 + d/dW2 of reg*|W2|^2 (= reg*W2)
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, reg, g->dW2);

    colsum(g->dz2, g->db2);
}

static void hidden_backward(const bp_net *net, const bp_cache *cache, bp_grads *g)
{
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    for (size_t i = 0; i < cache->N; i++)
        for (size_t j = 0; j < cache->H; j++) {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, z > 0 ? gsl_matrix_get(g->dp1, i, j) : 0);
        }
}

static void input_backward(const bp_net *net, const gsl_matrix *X, double reg, bp_grads *g)
{
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    add_reg(g->dW1, net->W1, reg);
    colsum(g->dz1, g->db1);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;
    output_backward(net, y, reg, cache, g);
    hidden_backward(net, cache, g);
    input_backward(net, X, reg, g);
    g->present = BP_GRADS_ALL;
    return 0;
}
