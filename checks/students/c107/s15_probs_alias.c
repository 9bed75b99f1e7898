/* backward.c -- backward pass, hw2.
 *
 * My numpy code modified probs in place (dscores = probs is the same
 * array in numpy), so here dscores is its own matrix: a copy of the
 * cached probs with the -1 and the /N.
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

/* A.T -- allocates */
static gsl_matrix *transpose_alloc(const gsl_matrix *A)
{
    gsl_matrix *B = gsl_matrix_alloc(A->size2, A->size1);
    gsl_matrix_transpose_memcpy(B, A);
    return B;
}

/* np.sum(A, axis=0) */
static void sum_rows(const gsl_matrix *A, gsl_vector *out)
{
    size_t i, j;
    double s;
    for (j = 0; j < A->size2; j++) {
        s = 0;
        for (i = 0; i < A->size1; i++)
            s += gsl_matrix_get(A, i, j);
        gsl_vector_set(out, j, s);
    }
}

/* dx = dout * (x > 0) */
static void relu_grad(const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
    size_t i, j;
    for (i = 0; i < x->size1; i++)
        for (j = 0; j < x->size2; j++)
            gsl_matrix_set(dx, i, j, gsl_matrix_get(x, i, j) > 0 ? gsl_matrix_get(dout, i, j) : 0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i;
    const gsl_matrix *probs = cache->prob;
    gsl_matrix *dscores, *hidden_T, *W2_T, *X_T, *tmp;

    /* probs[range(N), y] -= 1 ; probs /= N */
    dscores = gsl_matrix_alloc(N, net->C);
    gsl_matrix_memcpy(dscores, probs);
    for (i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1);
    gsl_matrix_scale(dscores, 1.0 / N);
    gsl_matrix_memcpy(g->dz2, dscores);

    /* grads['W2'] = hidden.T.dot(probs) + 2*reg*W2 */
    hidden_T = transpose_alloc(cache->p1);
    matmul(hidden_T, dscores, g->dW2);
    tmp = gsl_matrix_alloc(net->H, net->C);
    gsl_matrix_memcpy(tmp, net->W2);
    gsl_matrix_scale(tmp, 2 * reg);
    gsl_matrix_add(g->dW2, tmp);
    gsl_matrix_free(tmp);
    /* grads['b2'] = np.sum(probs, axis=0) */
    sum_rows(dscores, g->db2);

    /* dhidden = probs.dot(W2.T) */
    W2_T = transpose_alloc(net->W2);
    matmul(probs, W2_T, g->dp1);

    /* dhidden[hidden <= 0] = 0 */
    relu_grad(g->dp1, cache->z1, g->dz1);

    /* grads['W1'] = X.T.dot(dhidden) + 2*reg*W1 */
    X_T = transpose_alloc(X);
    matmul(X_T, g->dz1, g->dW1);
    tmp = gsl_matrix_alloc(net->D, net->H);
    gsl_matrix_memcpy(tmp, net->W1);
    gsl_matrix_scale(tmp, 2 * reg);
    gsl_matrix_add(g->dW1, tmp);
    gsl_matrix_free(tmp);
    /* grads['b1'] = np.sum(dhidden, axis=0) */
    sum_rows(g->dz1, g->db1);

    gsl_matrix_free(dscores);
    gsl_matrix_free(hidden_T);
    gsl_matrix_free(W2_T);
    gsl_matrix_free(X_T);
    g->present = BP_GRADS_ALL;
    return 0;
}
