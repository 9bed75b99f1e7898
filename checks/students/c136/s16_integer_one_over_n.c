/* backward.c -- the backward pass, written with small helpers.
 * delta_out = (output - target) * (1/N)   (the loss is the mean over N)
 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void compute_delta_out(const gsl_matrix *prob, const size_t *y,
                              gsl_matrix *delta_out)
{
    size_t N = prob->size1, C = prob->size2;
    size_t i, k;
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            double target = (k == y[i]) ? 1 : 0;
            gsl_matrix_set(delta_out, i, k,
                           (gsl_matrix_get(prob, i, k) - target) * (1 / N));
        }
    }
}

/* grad_b[j] = sum_i delta[i][j] */
static void bias_grad(const gsl_matrix *delta, gsl_vector *grad_b)
{
    size_t i, j;
    for (j = 0; j < delta->size2; j++) {
        double acc = 0;
        for (i = 0; i < delta->size1; i++)
            acc += gsl_matrix_get(delta, i, j);
        gsl_vector_set(grad_b, j, acc);
    }
}

/* grad_w = input^T delta + 2 reg W */
static void weight_grad(const gsl_matrix *input, const gsl_matrix *delta,
                        const gsl_matrix *W, double reg, gsl_matrix *grad_w)
{
    gsl_matrix_memcpy(grad_w, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, input, delta, 2.0 * reg, grad_w);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    compute_delta_out(cache->prob, y, g->dz2);
    weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2);
    bias_grad(g->dz2, g->db2);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++) {
            double e = gsl_matrix_get(g->dp1, i, j);
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? e : 0);
        }

    weight_grad(X, g->dz1, net->W1, reg, g->dW1);
    bias_grad(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
