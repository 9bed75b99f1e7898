// backward.c - CS 210 lab 7
// backprop for the 2 layer net. I used dgemm for the big products.

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H;
    size_t C = net->C;
    size_t i, j;
    double num_train = (double) N;

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    // ---- scores_grad (N x C) ----
    // start from the probabilities, average over the batch
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_scale(g->dz2, 1.0 / num_train);
    // subtract 1 from the correct class of each sample
    for (i = 0; i < N; i++) {
        double correct = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], correct - 1.0);
    }

    // ---- W2_grad (H x C) = p1^T * scores_grad + 2 * reg * W2 ----
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

    // ---- b2_grad (C) = sum of the rows of scores_grad ----
    for (j = 0; j < C; j++) {
        double total = 0.0;
        for (i = 0; i < N; i++) {
            total += gsl_matrix_get(g->dz2, i, j);
        }
        gsl_vector_set(g->db2, j, total);
    }

    // ---- hidden_grad (N x H) = scores_grad * W2^T ----
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // ---- relu_grad (N x H) ----
    // relu derivative is 1 if z1 > 0 and 0 otherwise
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double deriv = gsl_matrix_get(cache->z1, i, j) > 0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, i, j, deriv * gsl_matrix_get(g->dp1, i, j));
        }
    }

    // ---- W1_grad (D x H) = X^T * relu_grad + 2 * reg * W1 ----
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

    // ---- b1_grad (H) = sum of the rows of relu_grad ----
    for (j = 0; j < H; j++) {
        double total = 0.0;
        for (i = 0; i < N; i++) {
            total += gsl_matrix_get(g->dz1, i, j);
        }
        gsl_vector_set(g->db1, j, total);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
