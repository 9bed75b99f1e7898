/* backward.c
 * numpy -> C.  X.T becomes np_transpose(X), W2.T inside a dot becomes
 * np_dot_T.  Remember to free everything!!
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* A.T : (n, m) -> (m, n), walking A in memory order */
static gsl_matrix *np_transpose(const gsl_matrix *A)
{
    size_t n = A->size1, m = A->size2;
    gsl_matrix *T = gsl_matrix_alloc(m, n);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < m; j++, k++)
            gsl_matrix_set(T, k / n, k % n, gsl_matrix_get(A, i, j));
    return T;
}

/* np.dot(A, B) */
static gsl_matrix *np_dot(const gsl_matrix *A, const gsl_matrix *B)
{
    gsl_matrix *C = gsl_matrix_alloc(A->size1, B->size2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A, B, 0.0, C);
    return C;
}

/* np.dot(A, B.T) */
static gsl_matrix *np_dot_T(const gsl_matrix *A, const gsl_matrix *B)
{
    gsl_matrix *C = gsl_matrix_alloc(A->size1, B->size1);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, A, B, 0.0, C);
    return C;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;

    /* dscores = (probs - onehot) / N */
    gsl_matrix *dscores = gsl_matrix_alloc(N, net->C);
    gsl_matrix_memcpy(dscores, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1.0);
    gsl_matrix_scale(dscores, 1.0 / (double)N);
    gsl_matrix_memcpy(g->dz2, dscores);

    /* dW2 = hidden.T.dot(dscores) + 2*reg*W2 */
    gsl_matrix *hT = np_transpose(cache->p1);
    gsl_matrix *dW2 = np_dot(hT, dscores);
    for (i = 0; i < net->H; i++)
        for (j = 0; j < net->C; j++)
            gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(dW2, i, j)
                           + 2.0 * reg * gsl_matrix_get(net->W2, i, j));

    /* db2 = np.sum(dscores, axis=0) */
    for (j = 0; j < net->C; j++) {
        double s = 0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(dscores, i, j);
        gsl_vector_set(g->db2, j, s);
    }

    /* dhidden = dscores.dot(W2.T) */
    gsl_matrix *dhidden = np_dot_T(dscores, net->W2);
    gsl_matrix_memcpy(g->dp1, dhidden);

    /* dhidden[hidden <= 0] = 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (gsl_matrix_get(cache->p1, i, j) <= 0)
                gsl_matrix_set(dhidden, i, j, 0);
    gsl_matrix_memcpy(g->dz1, dhidden);

    /* dW1 = X.T.dot(dhidden) + 2*reg*W1 */
    gsl_matrix *XT = np_transpose(X);
    gsl_matrix *dW1 = np_dot(XT, dhidden);
    for (i = 0; i < net->D; i++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(dW1, i, j)
                           + 2.0 * reg * gsl_matrix_get(net->W1, i, j));

    /* db1 = np.sum(dhidden, axis=0) */
    for (j = 0; j < net->H; j++) {
        double s = 0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(dhidden, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    gsl_matrix_free(dscores);
    gsl_matrix_free(hT);
    gsl_matrix_free(dW2);
    gsl_matrix_free(dhidden);
    gsl_matrix_free(XT);
    gsl_matrix_free(dW1);

    g->present = BP_GRADS_ALL;
    return 0;
}
