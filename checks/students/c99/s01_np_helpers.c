/* backward.c -- two layer net backward pass
 * my numpy version ported to C. helpers are named like the numpy calls so
 * I can keep my notebook open next to it.
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* np.dot(A, B) -> new matrix */
static gsl_matrix *np_dot(const gsl_matrix *A, const gsl_matrix *B)
{
    gsl_matrix *out = gsl_matrix_alloc(A->size1, B->size2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A, B, 0.0, out);
    return out;
}

/* A.T -> new matrix */
static gsl_matrix *np_transpose(const gsl_matrix *A)
{
    gsl_matrix *out = gsl_matrix_alloc(A->size2, A->size1);
    gsl_matrix_transpose_memcpy(out, A);
    return out;
}

/* np.sum(A, axis=0) -> new vector of length A.shape[1] */
static gsl_vector *np_sum_axis0(const gsl_matrix *A)
{
    gsl_vector *out = gsl_vector_calloc(A->size2);
    for (size_t i = 0; i < A->size1; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(A, i);
        gsl_vector_add(out, &row.vector);
    }
    return out;
}

/* (A > 0) as 0.0 / 1.0 */
static gsl_matrix *np_maximum_mask(const gsl_matrix *A)
{
    gsl_matrix *out = gsl_matrix_alloc(A->size1, A->size2);
    for (size_t i = 0; i < A->size1; i++)
        for (size_t j = 0; j < A->size2; j++)
            gsl_matrix_set(out, i, j, gsl_matrix_get(A, i, j) > 0 ? 1.0 : 0.0);
    return out;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;

    // dscores = probs.copy(); dscores[range(N), y] -= 1; dscores /= N
    gsl_matrix *dscores = gsl_matrix_alloc(N, net->C);
    gsl_matrix_memcpy(dscores, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1.0);
    gsl_matrix_scale(dscores, 1.0 / N);
    gsl_matrix_memcpy(g->dz2, dscores);

    // dW2 = hidden.T.dot(dscores) + 2*reg*W2
    gsl_matrix *hidden_T = np_transpose(cache->p1);
    gsl_matrix *dW2 = np_dot(hidden_T, dscores);
    gsl_matrix *regW2 = gsl_matrix_alloc(net->H, net->C);
    gsl_matrix_memcpy(regW2, net->W2);
    gsl_matrix_scale(regW2, 2 * reg);
    gsl_matrix_add(dW2, regW2);
    gsl_matrix_memcpy(g->dW2, dW2);

    // db2 = np.sum(dscores, axis=0)
    gsl_vector *db2 = np_sum_axis0(dscores);
    gsl_vector_memcpy(g->db2, db2);

    // dhidden = dscores.dot(W2.T)
    gsl_matrix *W2_T = np_transpose(net->W2);
    gsl_matrix *dhidden = np_dot(dscores, W2_T);
    gsl_matrix_memcpy(g->dp1, dhidden);

    // dhidden[z1 <= 0] = 0
    gsl_matrix *mask = np_maximum_mask(cache->z1);
    gsl_matrix *dz1 = gsl_matrix_alloc(N, net->H);
    gsl_matrix_memcpy(dz1, dhidden);
    gsl_matrix_mul_elements(dz1, mask);
    gsl_matrix_memcpy(g->dz1, dz1);

    // dW1 = X.T.dot(dz1) + 2*reg*W1
    gsl_matrix *X_T = np_transpose(X);
    gsl_matrix *dW1 = np_dot(X_T, dz1);
    gsl_matrix *regW1 = gsl_matrix_alloc(net->D, net->H);
    gsl_matrix_memcpy(regW1, net->W1);
    gsl_matrix_scale(regW1, 2 * reg);
    gsl_matrix_add(dW1, regW1);
    gsl_matrix_memcpy(g->dW1, dW1);

    // db1 = np.sum(dz1, axis=0)
    gsl_vector *db1 = np_sum_axis0(dz1);
    gsl_vector_memcpy(g->db1, db1);

    // no garbage collector here...
    gsl_matrix_free(dscores);
    gsl_matrix_free(hidden_T);
    gsl_matrix_free(dW2);
    gsl_matrix_free(regW2);
    gsl_vector_free(db2);
    gsl_matrix_free(W2_T);
    gsl_matrix_free(dhidden);
    gsl_matrix_free(mask);
    gsl_matrix_free(dz1);
    gsl_matrix_free(X_T);
    gsl_matrix_free(dW1);
    gsl_matrix_free(regW1);
    gsl_vector_free(db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
