/* backward.c -- backpropagation, exercise sheet 5
 * Uses the delta rule from the slides:
 *   delta_out_k    = (y_k - t_k) / N
 *   err_hidden_j   = sum_k w_jk delta_out_k
 *   delta_hidden_j = err_hidden_j * relu'(net_j)
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define GET gsl_matrix_get
#define SET gsl_matrix_set

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double acc;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* delta_out */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            double t = 0.0;
            if (y[i] == k)
                t = 1.0;
            SET(g->dz2, i, k, (GET(cache->prob, i, k) - t) / (double)N);
        }
    }

    /* grad_w_out and grad_b_out */
    for (k = 0; k < C; k++) {
        for (j = 0; j < H; j++) {
            acc = 0.0;
            for (i = 0; i < N; i++)
                acc += GET(cache->p1, i, j) * GET(g->dz2, i, k);
            SET(g->dW2, j, k, acc + 2.0 * reg * GET(net->W2, j, k));
        }
        acc = 0.0;
        for (i = 0; i < N; i++)
            acc += GET(g->dz2, i, k);
        gsl_vector_set(g->db2, k, acc);
    }

    /* err_hidden */
    for (i = 0; i < N; i++) {
        acc = 0.0;
        for (j = 0; j < H; j++) {
            for (k = 0; k < C; k++)
                acc += GET(g->dz2, i, k) * GET(net->W2, j, k);
            SET(g->dp1, i, j, acc);
        }
    }

    /* delta_hidden */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            SET(g->dz1, i, j, GET(cache->z1, i, j) > 0.0 ? GET(g->dp1, i, j) : 0.0);

    /* grad_w_hidden, grad_b_hidden */
    for (j = 0; j < H; j++) {
        for (k = 0; k < D; k++) {
            acc = 0.0;
            for (i = 0; i < N; i++)
                acc += GET(X, i, k) * GET(g->dz1, i, j);
            SET(g->dW1, k, j, acc + 2.0 * reg * GET(net->W1, k, j));
        }
        acc = 0.0;
        for (i = 0; i < N; i++)
            acc += GET(g->dz1, i, j);
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
