/* backward.c -- my backward pass
 * I made two small helpers so I dont have to write the same loops twice:
 *   matTmul(A, B, out):  out = A^T * B
 *   add_reg(dW, W, reg): the regularization gradient
 */
#include <stdio.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T * B.  A is (n, a), B is (n, b), out is (a, b) */
static void matTmul(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    size_t i, j, k;
    for (i = 0; i < A->size2; i++)
        for (j = 0; j < B->size2; j++) {
            double s = 0;
            for (k = 0; k < A->size1; k++)
                s += gsl_matrix_get(A, k, i) * gsl_matrix_get(B, k, j);
            gsl_matrix_set(out, i, j, s);
        }
}

/* dW += gradient of the L2 penalty (the 1/2 cancels the 2 from the square) */
static void add_reg(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    size_t i, j;
    for (i = 0; i < W->size1; i++)
        for (j = 0; j < W->size2; j++)
            gsl_matrix_set(dW, i, j, gsl_matrix_get(dW, i, j) + reg * gsl_matrix_get(W, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;
    double val;

    /* dz2 */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++) {
            val = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i]) val -= 1;
            gsl_matrix_set(g->dz2, i, j, val / N);
        }

    /* dW2 */
    matTmul(cache->p1, g->dz2, g->dW2);
    add_reg(g->dW2, net->W2, reg);

    /* db2 */
    for (j = 0; j < C; j++) {
        val = 0;
        for (i = 0; i < N; i++) val += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, val);
    }

    /* dp1 = dz2 W2^T */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            size_t c;
            val = 0;
            for (c = 0; c < C; c++)
                val += gsl_matrix_get(g->dz2, i, c) * gsl_matrix_get(net->W2, j, c);
            gsl_matrix_set(g->dp1, i, j, val);
        }

    /* dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            val = gsl_matrix_get(g->dp1, i, j);
            if (gsl_matrix_get(cache->z1, i, j) <= 0) val = 0;
            gsl_matrix_set(g->dz1, i, j, val);
        }

    /* dW1 */
    matTmul(X, g->dz1, g->dW1);
    add_reg(g->dW1, net->W1, reg);

    /* db1 */
    for (j = 0; j < H; j++) {
        val = 0;
        for (i = 0; i < N; i++) val += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, val);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
