// Unit 4 -- backward pass
// Layer functions copied from the example and filled in.
// The output layer needs "the activations that went into it".

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void sum_rows(const gsl_matrix *M, gsl_vector *out)
{
    gsl_vector_set_zero(out);
    for (size_t r = 0; r < M->size1; r++) {
        gsl_vector_const_view row = gsl_matrix_const_row(M, r);
        gsl_blas_daxpy(1.0, &row.vector, out);
    }
}

/* prob: softmax output, act: input activations of the layer, W: its weights */
static void output_backward(const gsl_matrix *prob, const size_t *y,
                            const gsl_matrix *act, const gsl_matrix *W, double reg,
                            bp_grads *g)
{
    size_t N = prob->size1;

    gsl_matrix_memcpy(g->dz2, prob);
    for (size_t n = 0; n < N; n++)
        gsl_matrix_set(g->dz2, n, y[n], gsl_matrix_get(prob, n, y[n]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, act, g->dz2, 0.0, g->dW2);
    for (size_t h = 0; h < W->size1; h++)
        for (size_t c = 0; c < W->size2; c++)
            *gsl_matrix_ptr(g->dW2, h, c) += 2.0 * reg * gsl_matrix_get(W, h, c);

    sum_rows(g->dz2, g->db2);
}

static void hidden_backward(const gsl_matrix *W, const gsl_matrix *pre, bp_grads *g)
{
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, W, 0.0, g->dp1);
    for (size_t n = 0; n < pre->size1; n++)
        for (size_t h = 0; h < pre->size2; h++) {
            double d = gsl_matrix_get(g->dp1, n, h);
            gsl_matrix_set(g->dz1, n, h, gsl_matrix_get(pre, n, h) > 0.0 ? d : 0.0);
        }
}

static void input_backward(const gsl_matrix *x, const gsl_matrix *W, double reg,
                           bp_grads *g)
{
    gsl_matrix_memcpy(g->dW1, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, x, g->dz1, 2.0 * reg, g->dW1);
    sum_rows(g->dz1, g->db1);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    output_backward(cache->prob, y, cache->z1, net->W2, reg, g);
    hidden_backward(net->W2, cache->z1, g);
    input_backward(X, net->W1, reg, g);

    g->present = BP_GRADS_ALL;
    return 0;
}
