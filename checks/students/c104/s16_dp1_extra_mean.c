// two-layer net backward pass, C track unit 4
// following the example: output_backward, hidden_backward, input_backward.
// Everything is averaged over the batch, so each layer divides by N.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void output_backward(const bp_net *net, const size_t *y, double reg,
                            const bp_cache *cache, bp_grads *g)
{
    const size_t N = cache->N;
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++) {
        double *p = gsl_matrix_ptr(g->dz2, i, y[i]);
        *p -= 1.0;
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);

    for (size_t c = 0; c < net->C; c++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz2, c);
        double s = 0;
        for (size_t i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db2, c, s);
    }
}

static void hidden_backward(const bp_net *net, const bp_cache *cache, bp_grads *g)
{
    const size_t N = cache->N;
    // dp1 = dz2 W2^T, averaged over the batch
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0 / N, g->dz2, net->W2, 0.0, g->dp1);

    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < net->H; j++)
            if (!(gsl_matrix_get(cache->z1, i, j) > 0))
                gsl_matrix_set(g->dz1, i, j, 0.0);
}

static void input_backward(const bp_net *net, const gsl_matrix *X, double reg,
                           bp_grads *g)
{
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

    for (size_t j = 0; j < net->H; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz1, j);
        double s = 0;
        for (size_t i = 0; i < X->size1; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db1, j, s);
    }
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
