/*
 *  HW3 -- backward()
 *
 *  Regularisation: R(W) = reg * ||W||^2, so the gradient of the penalty
 *  is added by add_reg_grad() below for both weight matrices.
 */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* grad += d/dW (reg * ||W||^2) */
static void add_reg_grad(gsl_matrix *grad, const gsl_matrix *W, double reg)
{
    size_t r, c;
    for (r = 0; r < W->size1; r++)
        for (c = 0; c < W->size2; c++)
            gsl_matrix_set(grad, r, c, gsl_matrix_get(grad, r, c) + reg * gsl_matrix_get(W, r, c));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double acc;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* delta2 */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++) {
            acc = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i]) acc -= 1.0;
            gsl_matrix_set(g->dz2, i, k, acc / (double)N);
        }

    /* layer 2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            acc = 0.0;
            for (i = 0; i < N; i++)
                acc += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, acc);
        }
    add_reg_grad(g->dW2, net->W2, reg);
    for (k = 0; k < C; k++) {
        acc = 0.0;
        for (i = 0; i < N; i++) acc += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, acc);
    }

    /* layer 1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            acc = 0.0;
            for (k = 0; k < C; k++)
                acc += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, acc);
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0.0 ? acc : 0.0);
        }
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) {
            acc = 0.0;
            for (k = 0; k < N; k++)
                acc += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
            gsl_matrix_set(g->dW1, i, j, acc);
        }
    add_reg_grad(g->dW1, net->W1, reg);
    for (j = 0; j < H; j++) {
        acc = 0.0;
        for (i = 0; i < N; i++) acc += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
