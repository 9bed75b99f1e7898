/* backward.c  (assignment 3, part 2)
 *
 * dz2 -> dW2, db2 -> dp1 -> dz1 -> dW1, db1, all with loops.
 * The regularisation gradient is 2*reg*W for both weight matrices.
 */

#include <stdio.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, d, h, c;
    double acc, val;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    for (n = 0; n < N; n++)
        for (c = 0; c < C; c++)
        {
            val = gsl_matrix_get(cache->prob, n, c);
            if (c == y[n])
                val -= 1;
            gsl_matrix_set(g->dz2, n, c, val / N);
        }

    /* dW2[h][c] = sum_n p1[n][h] dz2[n][c]  + 2*reg*W2[h][c] */
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
        {
            acc = 0;
            for (n = 0; n < N; n++)
                acc += gsl_matrix_get(cache->p1, n, h) * gsl_matrix_get(g->dz2, n, c);
            val = acc + reg * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dW2, h, c, val);
            //printf("dW2[%zu][%zu] data %f reg %f\n", h, c, acc, val - acc);
        }

    for (c = 0; c < C; c++)
    {
        acc = 0;
        for (n = 0; n < N; n++)
            acc += gsl_matrix_get(g->dz2, n, c);
        gsl_vector_set(g->db2, c, acc);
    }

    /* dp1 = dz2 W2^T and the relu in the same loop */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
        {
            acc = 0;
            for (c = 0; c < C; c++)
                acc += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dp1, n, h, acc);
            if (gsl_matrix_get(cache->z1, n, h) > 0)
                gsl_matrix_set(g->dz1, n, h, acc);
            else
                gsl_matrix_set(g->dz1, n, h, 0.0);
        }

    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
        {
            acc = 0;
            for (n = 0; n < N; n++)
                acc += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
            gsl_matrix_set(g->dW1, d, h, acc + 2 * reg * gsl_matrix_get(net->W1, d, h));
        }

    for (h = 0; h < H; h++)
    {
        acc = 0;
        for (n = 0; n < N; n++)
            acc += gsl_matrix_get(g->dz1, n, h);
        gsl_vector_set(g->db1, h, acc);
    }
#ifdef DEBUG
    printf("db1[0]=%f db2[0]=%f\n", gsl_vector_get(g->db1, 0), gsl_vector_get(g->db2, 0));
#endif

    g->present = BP_GRADS_ALL;
    return 0;
}
