// Jessica L. -- NN homework, backward pass
// I wrote small helpers so the main function reads like the math.

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// out = A^T * B     A is (n x a), B is (n x b), out is (a x b)
static void matmul_AtB(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    for (size_t r = 0; r < A->size2; r++)
    {
        for (size_t c = 0; c < B->size2; c++)
        {
            double acc = 0.0;
            for (size_t n = 0; n < A->size1; n++)
            {
                acc += gsl_matrix_get(A, n, r) * gsl_matrix_get(B, n, c);
            }
            gsl_matrix_set(out, r, c, acc);
        }
    }
}

// out = A * B^T     A is (n x k), B is (m x k), out is (n x m)
static void matmul_ABt(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    for (size_t r = 0; r < A->size1; r++)
    {
        for (size_t c = 0; c < B->size1; c++)
        {
            double acc = 0.0;
            for (size_t n = 0; n < A->size2; n++)
            {
                acc += gsl_matrix_get(A, r, n) * gsl_matrix_get(B, c, n);
            }
            gsl_matrix_set(out, r, c, acc);
        }
    }
}

// v[c] = sum over rows of A
static void sum_rows(const gsl_matrix *A, gsl_vector *v)
{
    gsl_vector_set_zero(v);
    for (size_t r = 0; r < A->size1; r++)
    {
        for (size_t c = 0; c < A->size2; c++)
        {
            gsl_vector_set(v, c, gsl_vector_get(v, c) + gsl_matrix_get(A, r, c));
        }
    }
}

// dW += 2 * reg * W   (derivative of reg * ||W||^2)
static void add_reg(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    for (size_t r = 0; r < W->size1; r++)
    {
        for (size_t c = 0; c < W->size2; c++)
        {
            double v = gsl_matrix_get(dW, r, c) + 2 * reg * gsl_matrix_get(W, r, c);
            gsl_matrix_set(dW, r, c, v);
        }
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
    {
        return 1;
    }

    // softmax + cross entropy gradient, done in place on dz2
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t n = 0; n < N; n++)
    {
        gsl_matrix_set(g->dz2, n, y[n], gsl_matrix_get(g->dz2, n, y[n]) - 1);
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    // second layer
    matmul_AtB(cache->p1, g->dz2, g->dW2);
    add_reg(g->dW2, net->W2, reg);
    sum_rows(g->dz2, g->db2);

    // back into the hidden layer
    matmul_ABt(g->dz2, net->W2, g->dp1);

    // ReLU: copy then zero the dead units in place
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (size_t n = 0; n < N; n++)
    {
        for (size_t h = 0; h < net->H; h++)
        {
            if (gsl_matrix_get(cache->z1, n, h) <= 0)
            {
                gsl_matrix_set(g->dz1, n, h, 0.0);
            }
        }
    }

    // first layer
    matmul_AtB(X, g->dz1, g->dW1);
    add_reg(g->dW1, net->W1, reg);
    sum_rows(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
