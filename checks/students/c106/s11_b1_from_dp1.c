/* Homework 3: backward pass of the 2-layer net.
 * Helpers for the products and the bias sums so backward() stays short. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* G = A^T B + 2*reg*W */
static void weight_grad(const gsl_matrix *A, const gsl_matrix *B,
                        const gsl_matrix *W, double reg, gsl_matrix *G)
{
    size_t r, c, n;
    for (r = 0; r < G->size1; r++) {
        for (c = 0; c < G->size2; c++) {
            double s = 0.0;
            for (n = 0; n < A->size1; n++)
                s += gsl_matrix_get(A, n, r) * gsl_matrix_get(B, n, c);
            gsl_matrix_set(G, r, c, s + 2.0 * reg * gsl_matrix_get(W, r, c));
        }
    }
}

/* b[c] = sum over rows n of A[n][c] */
static void bias_grad(const gsl_matrix *A, gsl_vector *b)
{
    size_t n, c;
    for (c = 0; c < A->size2; c++) {
        double s = 0.0;
        for (n = 0; n < A->size1; n++)
            s += gsl_matrix_get(A, n, c);
        gsl_vector_set(b, c, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 = (probs - 1{y}) / N */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            double p = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i]) p -= 1.0;
            gsl_matrix_set(g->dz2, i, k, p / (double) N);
        }
    }

    weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2);
    bias_grad(g->dz2, g->db2);

    /* dp1 = dz2 W2^T */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
        }
    }

    /* dz1: relu derivative is 1 where z1 > 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    weight_grad(X, g->dz1, net->W1, reg, g->dW1);
    bias_grad(g->dp1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
