/*
 * backward.c -- two layer net, backward pass (hw2)
 *
 * C port of my numpy code.  The regularisation gradient is done once in
 * add_reg() for both weight matrices.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* numpy: A.dot(B) */
static void matmul(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A, B, 0.0, out);
}

/* numpy: A.T (new matrix, free after use) */
static gsl_matrix *transpose_alloc(const gsl_matrix *A)
{
    gsl_matrix *At = gsl_matrix_alloc(A->size2, A->size1);
    gsl_matrix_transpose_memcpy(At, A);
    return At;
}

/* numpy: np.sum(A, axis=0) */
static void sum_rows(const gsl_matrix *A, gsl_vector *out)
{
    size_t i, j;
    for (j = 0; j < A->size2; j++)
    {
        double s = 0.0;
        for (i = 0; i < A->size1; i++)
            s += gsl_matrix_get(A, i, j);
        gsl_vector_set(out, j, s);
    }
}

/* the derivative of reg * sum(W*W):  dW += reg * W */
static void add_reg(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    size_t i, j;
    for (i = 0; i < W->size1; i++)
        for (j = 0; j < W->size2; j++)
            gsl_matrix_set(dW, i, j, gsl_matrix_get(dW, i, j) + reg * gsl_matrix_get(W, i, j));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, i, j;
    gsl_matrix *hidden_T, *W2_T, *X_T;

    /* dscores = probs.copy(); dscores[range(N), y] -= 1; dscores /= N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
    {
        double p = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], p - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* grads['W2'] = hidden.T.dot(dscores) + reg term */
    hidden_T = transpose_alloc(cache->p1);
    matmul(hidden_T, g->dz2, g->dW2);
    add_reg(g->dW2, net->W2, reg);
    /* grads['b2'] */
    sum_rows(g->dz2, g->db2);

    /* dhidden = dscores.dot(W2.T) */
    W2_T = transpose_alloc(net->W2);
    matmul(g->dz2, W2_T, g->dp1);

    /* dhidden[hidden <= 0] = 0 */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            if (gsl_matrix_get(cache->p1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    /* grads['W1'] = X.T.dot(dhidden) + reg term */
    X_T = transpose_alloc(X);
    matmul(X_T, g->dz1, g->dW1);
    add_reg(g->dW1, net->W1, reg);
    /* grads['b1'] */
    sum_rows(g->dz1, g->db1);

    gsl_matrix_free(hidden_T);
    gsl_matrix_free(W2_T);
    gsl_matrix_free(X_T);
    g->present = BP_GRADS_ALL;
    return 0;
}
