/* backward.c -- assignment 2, part B: backward pass of the 2 layer net
 *
 * I recompute the softmax from the scores myself instead of using
 * cache->prob, because in part A my probabilities overflowed and I am not
 * sure the cache one is the same thing. I subtract the max of each row
 * first like the notes say so exp() does not blow up.
 */

#include <stdio.h>
#include <math.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* derivative of relu */
static double relu_grad(double z)
{
    if (z > 0)
        return 1.0;
    return 0.0;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
    unsigned N, D, H, C;
    unsigned i, j, k;
    double mx, sum, tmp, val;

    N = X->size1;
    D = X->size2;
    H = net->H;
    C = net->C;

    if (N != cache->N || D != net->D || g->N != N)
        return 1;

    /* ---- 1. dz2 = softmax - onehot, divided by N ---- */
    for (i = 0; i < N; i++) {
        /* max of the row */
        mx = gsl_matrix_get(cache->z2, i, 0);
        for (j = 1; j < C; j++)
            if (gsl_matrix_get(cache->z2, i, j) > mx)
                mx = gsl_matrix_get(cache->z2, i, j);
        sum = 0.0;
        for (j = 0; j < C; j++)
            sum += exp(gsl_matrix_get(cache->z2, i, j) - mx);
        for (j = 0; j < C; j++) {
            val = exp(gsl_matrix_get(cache->z2, i, j) - mx) / sum;
            if (j == y[i])
                val -= 1.0;
            gsl_matrix_set(g->dz2, i, j, val / N);
        }
        if (0) printf("row %u max %f sum %f\n", i, mx, sum);
    }

    /* ---- 2. dW2 = p1^T dz2 + 2 reg W2 ---- */
    for (i = 0; i < H; i++) {
        for (j = 0; j < C; j++) {
            tmp = 0.0;
            for (k = 0; k < N; k++)
                tmp += gsl_matrix_get(cache->p1, k, i) * gsl_matrix_get(g->dz2, k, j);
            gsl_matrix_set(g->dW2, i, j, tmp + 2.0 * reg * gsl_matrix_get(net->W2, i, j));
        }
    }

    /* ---- 3. db2 ---- */
    for (j = 0; j < C; j++) {
        tmp = 0.0;
        for (k = 0; k < N; k++)
            tmp += gsl_matrix_get(g->dz2, k, j);
        gsl_vector_set(g->db2, j, tmp);
    }

    /* ---- 4. dp1 = dz2 W2^T ---- */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            tmp = 0.0;
            for (k = 0; k < C; k++)
                tmp += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, tmp);
        }
    }

    /* ---- 5. dz1 = dp1 * relu'(z1) ---- */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(g->dp1, i, j) * relu_grad(gsl_matrix_get(cache->z1, i, j)));

    /* ---- 6. dW1 = X^T dz1 + 2 reg W1 ---- */
    for (i = 0; i < D; i++) {
        for (j = 0; j < H; j++) {
            tmp = 0.0;
            for (k = 0; k < N; k++)
                tmp += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
            gsl_matrix_set(g->dW1, i, j, tmp + 2.0 * reg * gsl_matrix_get(net->W1, i, j));
        }
    }

    /* ---- 7. db1 ---- */
    for (j = 0; j < H; j++) {
        tmp = 0.0;
        for (k = 0; k < N; k++)
            tmp += gsl_matrix_get(g->dz1, k, j);
        gsl_vector_set(g->db1, j, tmp);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
