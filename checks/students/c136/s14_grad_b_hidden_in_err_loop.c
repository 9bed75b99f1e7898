/*
 * backward.c -- backpropagation (lab 4)
 *
 * The bias gradient of the hidden layer is collected in the same loop as
 * the error, to save a pass over the data.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j, k;
    double *grad_b_hidden;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* delta_out = (p - t) / N */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dz2, i, k, (gsl_matrix_get(cache->prob, i, k)
                                          - (k == y[i] ? 1.0 : 0.0)) / N);

    /* grad_w_out = a_hidden^T delta_out + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);
    for (k = 0; k < C; k++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    /* err_hidden = delta_out W2^T, and grad_b_hidden on the way */
    grad_b_hidden = g->db1->data;
    for (j = 0; j < H; j++)
        grad_b_hidden[j * g->db1->stride] = 0.0;
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double e = 0.0;
            for (k = 0; k < C; k++)
                e += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, e);
            grad_b_hidden[j * g->db1->stride] += e;
        }

    /* delta_hidden = err_hidden where the unit is on */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0
                           ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* grad_w_hidden = X^T delta_hidden + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    g->present = BP_GRADS_ALL;
    return 0;
}
