/*
 * backward.c  --  lab 3
 * raw pointers, because get/set was too slow to step through in gdb
 */
#include <stdio.h>
#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(M, i, j)  ((M)->data[(i) * (M)->tda + (j)])
/* #define DBG(...) fprintf(stderr, __VA_ARGS__) */
#define DBG(...)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out (K x M) = A^T B + 2 reg W, A is (N x K), B is (N x M) */
static void at_b_plus_reg(const gsl_matrix *A, const gsl_matrix *B,
                          const gsl_matrix *W, double reg, gsl_matrix *out)
{
    size_t n, k, m;
    for (k = 0; k < A->size2; k++)
    {
        for (m = 0; m < B->size2; m++)
        {
            double acc = 0.0;
            for (n = 0; n < A->size1; n++)
                acc += AT(A, n, k) * AT(B, n, m);
            AT(out, k, m) = acc + 2.0 * reg * AT(W, k, m);
        }
    }
}

/* v[j] = sum over rows of A */
static void col_sums(const gsl_matrix *A, gsl_vector *v)
{
    size_t i, j;
    for (j = 0; j < A->size2; j++)
        v->data[j * v->stride] = 0.0;
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            v->data[j * v->stride] += AT(A, i, j);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j, k;
    double val;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* scores gradient */
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
        {
            val = AT(cache->prob, i, k);
            if (k == y[i])
                val = val - 1.0;
            AT(g->dz2, i, k) = val / (double) N;
        }
        DBG("dz2 row %zu: %g %g\n", i, AT(g->dz2, i, 0), AT(g->dz2, i, 1));
    }

    at_b_plus_reg(cache->p1, g->dz2, net->W2, reg, g->dW2);
    col_sums(g->dz2, g->db2);

    /* hidden layer: dp1 = dz2 * W2^T, then through the relu */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            val = 0.0;
            for (k = 0; k < C; k++)
                val += AT(g->dz2, i, k) * AT(net->W2, j, k);
            AT(g->dp1, i, j) = val;
            AT(g->dz1, i, j) = (AT(cache->z1, i, j) > 0.0) ? val : 0.0;
        }
    }
    DBG("dp1[0][0]=%g dz1[0][0]=%g\n", AT(g->dp1, 0, 0), AT(g->dz1, 0, 0));

    at_b_plus_reg(X, g->dz1, net->W1, reg, g->dW1);
    col_sums(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
