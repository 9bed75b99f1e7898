/*
 * backward.c  -  assignment 3, part B
 * Backward pass for the 2 layer net.  I split the repeated parts into
 * helpers so every gradient is one or two lines in backward().
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T B, A is (n x a), B is (n x b), out is (a x b) */
static void matmul_tn(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    size_t r, c, n;
    for (r = 0; r < A->size2; r++)
        for (c = 0; c < B->size2; c++)
        {
            double acc = 0.0;
            for (n = 0; n < A->size1; n++)
                acc += gsl_matrix_get(A, n, r) * gsl_matrix_get(B, n, c);
            gsl_matrix_set(out, r, c, acc);
        }
}

/* out = A B^T */
static void matmul_nt(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    size_t r, c, k;
    for (r = 0; r < A->size1; r++)
        for (c = 0; c < B->size1; c++)
        {
            double acc = 0.0;
            for (k = 0; k < A->size2; k++)
                acc += gsl_matrix_get(A, r, k) * gsl_matrix_get(B, c, k);
            gsl_matrix_set(out, r, c, acc);
        }
}

/* v[j] = sum over rows of A[:, j] */
static void col_sum(const gsl_matrix *A, gsl_vector *v)
{
    size_t r, c;
    for (c = 0; c < A->size2; c++)
    {
        double acc = 0.0;
        for (r = 0; r < A->size1; r++)
            acc += gsl_matrix_get(A, r, c);
        gsl_vector_set(v, c, acc);
    }
}

/* dz = dp where the relu output was positive (p1 > 0 iff z1 > 0) */
static void relu_grad(const gsl_matrix *dp, const gsl_matrix *out, gsl_matrix *dz)
{
    size_t r, c;
    for (r = 0; r < dp->size1; r++)
        for (c = 0; c < dp->size2; c++)
            gsl_matrix_set(dz, r, c,
                           gsl_matrix_get(out, r, c) > 0.0 ? gsl_matrix_get(dp, r, c) : 0.0);
}

/* W += 2 reg Wparam */
static void add_reg(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    size_t r, c;
    for (r = 0; r < W->size1; r++)
        for (c = 0; c < W->size2; c++)
            gsl_matrix_set(dW, r, c, gsl_matrix_get(dW, r, c) + 2.0 * reg * gsl_matrix_get(W, r, c));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* softmax + cross entropy */
    for (i = 0; i < N; i++)
        for (j = 0; j < net->C; j++)
        {
            double target = (j == y[i]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, i, j, (gsl_matrix_get(cache->prob, i, j) - target) / (double)N);
        }

    matmul_tn(cache->p1, g->dz2, g->dW2);
    add_reg(g->dW2, net->W2, reg);
    col_sum(g->dz2, g->db2);

    matmul_nt(g->dz2, net->W2, g->dp1);
    relu_grad(g->dp1, cache->p1, g->dz1);

    matmul_tn(X, g->dz1, g->dW1);
    add_reg(g->dW1, net->W1, reg);
    col_sum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
