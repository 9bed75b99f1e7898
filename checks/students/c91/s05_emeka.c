// Emeka Nwosu - two layer net backward
// computes the loss (softmax + cross entropy, same as the notes) and then
// the gradients.  logprobs is a scratch N x C matrix.

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    gsl_matrix *logprobs;
    double data_loss = 0, reg_loss, loss;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    logprobs = gsl_matrix_alloc(N, C);

    // softmax, numerically stable
    for (size_t i = 0; i < N; i++) {
        double maxv = gsl_matrix_get(cache->z2, i, 0);
        for (size_t j = 1; j < C; j++)
            maxv = GSL_MAX(maxv, gsl_matrix_get(cache->z2, i, j));
        double se = 0;
        for (size_t j = 0; j < C; j++)
            se += exp(gsl_matrix_get(cache->z2, i, j) - maxv);
        for (size_t j = 0; j < C; j++)
            gsl_matrix_set(logprobs, i, j, gsl_matrix_get(cache->z2, i, j) - maxv - log(se));
        data_loss -= gsl_matrix_get(logprobs, i, y[i]);
    }
    data_loss /= N;
    reg_loss = 0;
    // (can't just loop over theta, the biases are in there too)
    for (size_t i = 0; i < net->D; i++)
        for (size_t j = 0; j < H; j++)
            reg_loss += reg * gsl_matrix_get(net->W1, i, j) * gsl_matrix_get(net->W1, i, j);
    for (size_t i = 0; i < H; i++)
        for (size_t j = 0; j < C; j++)
            reg_loss += reg * gsl_matrix_get(net->W2, i, j) * gsl_matrix_get(net->W2, i, j);
    loss = data_loss + reg_loss;
    (void) loss;

    // dscores = probs, -1 at the correct class, / N
    gsl_matrix_memcpy(g->dz2, logprobs);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1);
    gsl_matrix_scale(g->dz2, 1.0 / N);
    gsl_matrix_free(logprobs);

    // W2 and b2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
    gsl_vector_set_zero(g->db2);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < C; j++)
            gsl_vector_set(g->db2, j, gsl_vector_get(g->db2, j) + gsl_matrix_get(g->dz2, i, j));

    // hidden layer
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++) {
            double d = gsl_matrix_get(g->dp1, i, j);
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                d = 0;
            gsl_matrix_set(g->dz1, i, j, d);
        }

    // W1 and b1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
    gsl_vector_set_zero(g->db1);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + gsl_matrix_get(g->dz1, i, j));

    g->present = BP_GRADS_ALL;
    return 0;
}
