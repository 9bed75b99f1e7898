/* backward.c -- backward pass of the two layer net.
 *
 * Translated line by line from my numpy version (TwoLayerNet.loss in
 * neural_net.py).  The numpy line is in the comment above each block.
 * Helpers at the top do what numpy did for free.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out = A.dot(B) */
static void matmul(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A, B, 0.0, out);
}

/* A.T, as a new matrix (free it!) */
static gsl_matrix *transpose_alloc(const gsl_matrix *A)
{
    gsl_matrix *T = gsl_matrix_alloc(A->size2, A->size1);
    gsl_matrix_transpose_memcpy(T, A);
    return T;
}

/* np.sum(A, axis=0): add up the rows, one number per column */
static void sum_rows(const gsl_matrix *A, gsl_vector *out)
{
    size_t i, j;
    gsl_vector_set_zero(out);
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            gsl_vector_set(out, j, gsl_vector_get(out, j) + gsl_matrix_get(A, i, j));
}

/* dx = dout * (x > 0) */
static void relu_grad(const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
    size_t i, j;
    for (i = 0; i < x->size1; i++)
        for (j = 0; j < x->size2; j++)
            gsl_matrix_set(dx, i, j,
                           gsl_matrix_get(x, i, j) > 0 ? gsl_matrix_get(dout, i, j) : 0.0);
}

/* A += alpha * B */
static void scale_add(gsl_matrix *A, const gsl_matrix *B, double alpha)
{
    gsl_matrix *tmp = gsl_matrix_alloc(B->size1, B->size2);
    gsl_matrix_memcpy(tmp, B);
    gsl_matrix_scale(tmp, alpha);
    gsl_matrix_add(A, tmp);
    gsl_matrix_free(tmp);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i;
    const gsl_matrix *probs = cache->prob;
    const gsl_matrix *hidden = cache->p1;
    gsl_matrix *dscores, *hiddenT, *W2T, *dhidden, *XT;

    /* dscores = probs.copy(); dscores[range(N), y] -= 1; dscores /= N */
    dscores = gsl_matrix_alloc(N, net->C);
    gsl_matrix_memcpy(dscores, probs);
    for (i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1.0);
    gsl_matrix_scale(dscores, 1.0 / N);
    gsl_matrix_memcpy(g->dz2, dscores);

    /* grads['W2'] = hidden.T.dot(dscores) + 2 * reg * W2 */
    hiddenT = transpose_alloc(hidden);
    matmul(hiddenT, dscores, g->dW2);
    scale_add(g->dW2, net->W2, 2 * reg);

    /* grads['b2'] = np.sum(dscores, axis=0) */
    sum_rows(dscores, g->db2);

    /* dhidden = dscores.dot(W2.T) */
    W2T = transpose_alloc(net->W2);
    dhidden = gsl_matrix_alloc(N, net->H);
    matmul(dscores, W2T, dhidden);
    gsl_matrix_memcpy(g->dp1, dhidden);

    /* dhidden[hidden_layer <= 0] = 0 */
    relu_grad(dhidden, cache->z1, g->dz1);

    /* grads['W1'] = X.T.dot(dhidden) + 2 * reg * W1 */
    XT = transpose_alloc(X);
    matmul(XT, g->dz1, g->dW1);
    scale_add(g->dW1, net->W1, 2 * reg);

    /* grads['b1'] = np.sum(dhidden, axis=0) */
    sum_rows(g->dz1, g->db1);

    gsl_matrix_free(dscores);
    gsl_matrix_free(hiddenT);
    gsl_matrix_free(W2T);
    gsl_matrix_free(dhidden);
    gsl_matrix_free(XT);

    g->present = BP_GRADS_ALL;
    return 0;
}
