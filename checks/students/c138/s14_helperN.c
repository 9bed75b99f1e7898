/* Assignment 2 -- backward pass for TwoLayerNet in C
 *
 * weight_grad() does the "input^T * upstream + 2*reg*W" for both layers
 * so I don't write the triple loop twice.
 */

#include "backprop.h"

/* dW = A^T dZ + 2 reg W, averaged over the batch.
 * A is (N x in), dZ is (N x out), W and dW are (in x out). */
static void weight_grad(const gsl_matrix *A, const gsl_matrix *dZ,
                        const gsl_matrix *W, double reg, gsl_matrix *dW)
{
    size_t N = A->size1;
    size_t r, c, i;

    for (r = 0; r < W->size1; r++) {
        for (c = 0; c < W->size2; c++) {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(A, i, r) * gsl_matrix_get(dZ, i, c);
            gsl_matrix_set(dW, r, c, s / N + 2.0 * reg * gsl_matrix_get(W, r, c));
        }
    }
}

/* db = sum of dZ over the rows */
static void bias_grad(const gsl_matrix *dZ, gsl_vector *db)
{
    size_t i, c;
    for (c = 0; c < dZ->size2; c++) {
        double s = 0.0;
        for (i = 0; i < dZ->size1; i++)
            s += gsl_matrix_get(dZ, i, c);
        gsl_vector_set(db, c, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 = (prob - onehot) / N */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++) {
            double v = gsl_matrix_get(cache->prob, i, k);
            if (y[i] == k)
                v -= 1.0;
            gsl_matrix_set(g->dz2, i, k, v / N);
        }

    weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2);
    bias_grad(g->dz2, g->db2);

    /* dp1 = dz2 W2^T */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
        }

    /* dz1: relu derivative */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0
                                         ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    weight_grad(X, g->dz1, net->W1, reg, g->dW1);
    bias_grad(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
