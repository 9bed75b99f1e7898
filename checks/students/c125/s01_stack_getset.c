/* backward.c -- Assignment 2, two layer net, backward pass
 * Name: Tomas Lindqvist
 *
 * I do it one sample at a time like in the lecture notes: for every row i
 * compute the gradient of the scores, push it back through W2 and the relu
 * and add everything into the weight gradients.
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k, d;
    double dscore[C];
    double dhid[H];

    if (N != cache->N || N != g->N)
        return 1;

    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db1);

    for (i = 0; i < N; i++) {
        /* dL/dscores for this sample, already divided by N */
        for (k = 0; k < C; k++) {
            dscore[k] = gsl_matrix_get(cache->prob, i, k) / N;
            if (k == y[i])
                dscore[k] -= 1.0 / N;
            gsl_matrix_set(g->dz2, i, k, dscore[k]);
        }

        /* second layer */
        for (j = 0; j < H; j++) {
            double a = gsl_matrix_get(cache->p1, i, j);
            for (k = 0; k < C; k++)
                gsl_matrix_set(g->dW2, j, k,
                               gsl_matrix_get(g->dW2, j, k) + a * dscore[k]);
        }
        for (k = 0; k < C; k++)
            gsl_vector_set(g->db2, k, gsl_vector_get(g->db2, k) + dscore[k]);

        /* back into the hidden layer, then through the relu */
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(net->W2, j, k) * dscore[k];
            gsl_matrix_set(g->dp1, i, j, s);
            dhid[j] = gsl_matrix_get(cache->z1, i, j) > 0 ? s : 0.0;
            gsl_matrix_set(g->dz1, i, j, dhid[j]);
        }

        /* first layer */
        for (d = 0; d < D; d++) {
            double x = gsl_matrix_get(X, i, d);
            for (j = 0; j < H; j++)
                gsl_matrix_set(g->dW1, d, j,
                               gsl_matrix_get(g->dW1, d, j) + x * dhid[j]);
        }
        for (j = 0; j < H; j++)
            gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + dhid[j]);
    }

    /* regularization: d/dW of reg*sum(W^2) is 2*reg*W */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dW2, j, k, gsl_matrix_get(g->dW2, j, k)
                           + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
    for (d = 0; d < D; d++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, d, j, gsl_matrix_get(g->dW1, d, j)
                           + 2.0 * reg * gsl_matrix_get(net->W1, d, j));

    g->present = BP_GRADS_ALL;
    return 0;
}
