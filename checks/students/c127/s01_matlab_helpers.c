/* backward.c - two layer net, backward pass
 * Translated from my MATLAB version (nn_backward.m).
 * Helpers are named like the MATLAB builtins so I can compare line by line.
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* C = A' * B   (MATLAB: C = A' * B) */
static void mtimes_tn(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
    size_t i, j, k;
    for (i = 0; i < C->size1; i++) {
        for (j = 0; j < C->size2; j++) {
            double s = 0.0;
            for (k = 0; k < A->size1; k++)
                s += gsl_matrix_get(A, k, i) * gsl_matrix_get(B, k, j);
            gsl_matrix_set(C, i, j, s);
        }
    }
}

/* C = A * B'   (MATLAB: C = A * B') */
static void mtimes_nt(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
    size_t i, j, k;
    for (i = 0; i < C->size1; i++) {
        for (j = 0; j < C->size2; j++) {
            double s = 0.0;
            for (k = 0; k < A->size2; k++)
                s += gsl_matrix_get(A, i, k) * gsl_matrix_get(B, j, k);
            gsl_matrix_set(C, i, j, s);
        }
    }
}

/* s = sum(A)  i.e. sum(A,1), sums down each column -> 1 x n */
static void sum_cols(const gsl_matrix *A, gsl_vector *s)
{
    size_t i, j;
    gsl_vector_set_zero(s);
    for (j = 0; j < A->size2; j++)
        for (i = 0; i < A->size1; i++)
            gsl_vector_set(s, j, gsl_vector_get(s, j) + gsl_matrix_get(A, i, j));
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;          /* m = size(X,1), examples are rows here! */
    size_t H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dscores = probs; dscores(sub2ind(...)) -= 1; dscores /= m */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            double d = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i])
                d -= 1.0;
            gsl_matrix_set(g->dz2, i, j, d / (double) N);
        }
    }

    /* dW2 = h' * dscores + 2*reg*W2 */
    mtimes_tn(cache->p1, g->dz2, g->dW2);
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
            gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j)
                           + 2.0 * reg * gsl_matrix_get(net->W2, i, j));

    /* db2 = sum(dscores) */
    sum_cols(g->dz2, g->db2);

    /* dh = dscores * W2' */
    mtimes_nt(g->dz2, net->W2, g->dp1);

    /* dh(z1 <= 0) = 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0
                           ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* dW1 = X' * dz1 + 2*reg*W1 */
    mtimes_tn(X, g->dz1, g->dW1);
    for (i = 0; i < net->D; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j)
                           + 2.0 * reg * gsl_matrix_get(net->W1, i, j));

    /* db1 = sum(dz1) */
    sum_cols(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
