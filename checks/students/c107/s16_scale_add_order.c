/* backward.c -- two layer net backward pass (hw2), from my numpy code */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out = A.dot(B) */
static void matmul(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A, B, 0.0, out);
}

static gsl_matrix *transpose_alloc(const gsl_matrix *A)
{
    gsl_matrix *T = gsl_matrix_alloc(A->size2, A->size1);
    gsl_matrix_transpose_memcpy(T, A);
    return T;
}

/* out = a + alpha * b   (out may be a or b) */
static void scale_add(gsl_matrix *out, const gsl_matrix *a, const gsl_matrix *b,
                      double alpha)
{
    size_t i, j;
    for (i = 0; i < out->size1; i++)
        for (j = 0; j < out->size2; j++)
            gsl_matrix_set(out, i, j, gsl_matrix_get(a, i, j) + alpha * gsl_matrix_get(b, i, j));
}

/* np.sum(A, axis=0) */
static void sum_cols(const gsl_matrix *A, gsl_vector *out)
{
    size_t i, j;
    gsl_vector_set_zero(out);
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            *gsl_vector_ptr(out, j) += gsl_matrix_get(A, i, j);
}

/* dhidden[z <= 0] = 0, in place */
static void relu_grad(gsl_matrix *dh, const gsl_matrix *z)
{
    size_t i, j;
    for (i = 0; i < dh->size1; i++)
        for (j = 0; j < dh->size2; j++)
            if (gsl_matrix_get(z, i, j) <= 0)
                gsl_matrix_set(dh, i, j, 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i;
    gsl_matrix *dscores = g->dz2;
    gsl_matrix *hT, *W2T, *XT, *tmp;

    /* dscores = probs.copy(); dscores[range(N), y] -= 1; dscores /= N */
    gsl_matrix_memcpy(dscores, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1.0);
    gsl_matrix_scale(dscores, 1.0 / (double)N);

    /* grads['W2'] = hidden.T.dot(dscores) + 2 * reg * W2 */
    hT = transpose_alloc(cache->p1);
    tmp = gsl_matrix_alloc(net->H, net->C);
    matmul(hT, dscores, tmp);
    scale_add(g->dW2, tmp, net->W2, 2 * reg);
    gsl_matrix_free(tmp);
    gsl_matrix_free(hT);

    /* grads['b2'] = np.sum(dscores, axis=0) */
    sum_cols(dscores, g->db2);

    /* dhidden = dscores.dot(W2.T) */
    W2T = transpose_alloc(net->W2);
    matmul(dscores, W2T, g->dp1);
    gsl_matrix_free(W2T);

    /* dhidden[hidden <= 0] = 0 */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    relu_grad(g->dz1, cache->z1);

    /* grads['W1'] = X.T.dot(dhidden) + 2 * reg * W1 */
    XT = transpose_alloc(X);
    tmp = gsl_matrix_alloc(net->D, net->H);
    matmul(XT, g->dz1, tmp);
    scale_add(g->dW1, net->W1, tmp, 2 * reg);
    gsl_matrix_free(tmp);
    gsl_matrix_free(XT);

    /* grads['b1'] = np.sum(dhidden, axis=0) */
    sum_cols(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
