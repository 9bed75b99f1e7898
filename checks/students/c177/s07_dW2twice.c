/* backward.c  (HW3)
 * Backward pass of the two layer net.  Names are the ones from the
 * notebook so I can compare with neural_net.py side by side.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* C = A.T.dot(B) */
static void np_dot_T(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C) {
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, C);
}

/* C = A.dot(B.T) */
static void np_dot_BT(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C) {
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, A, B, 0.0, C);
}

static void np_scale(gsl_matrix *A, double s) {
    gsl_matrix_scale(A, s);
}

/* A = A + s*B */
static void np_add_scaled(gsl_matrix *A, double s, const gsl_matrix *B) {
    size_t i, j;
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            gsl_matrix_set(A, i, j, gsl_matrix_get(A, i, j) + s * gsl_matrix_get(B, i, j));
}

static void np_sum_axis0(const gsl_matrix *A, gsl_vector *out) {
    size_t i;
    gsl_vector_set_zero(out);
    for (i = 0; i < A->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(A, i);
        gsl_vector_add(out, &r.vector);
    }
}

static void np_where_positive(const gsl_matrix *cond, const gsl_matrix *A, gsl_matrix *out) {
    size_t i, j;
    for (i = 0; i < out->size1; i++)
        for (j = 0; j < out->size2; j++)
            gsl_matrix_set(out, i, j, gsl_matrix_get(cond, i, j) > 0 ? gsl_matrix_get(A, i, j) : 0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    size_t i;
    const gsl_matrix *hidden = cache->p1;
    const gsl_matrix *probs = cache->prob;
    gsl_matrix *dscores = g->dz2, *dhidden = g->dp1, *dz1 = g->dz1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dscores = probs.copy(); dscores[np.arange(N), y] -= 1; dscores /= N */
    gsl_matrix_memcpy(dscores, probs);
    for (i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1);
    np_scale(dscores, 1.0 / N);

    /* grads['W2'] */
    np_dot_T(hidden, dscores, g->dW2);
    np_scale(g->dW2, 1.0 / N);                 /* average over the batch */
    np_add_scaled(g->dW2, 2 * reg, net->W2);

    /* grads['b2'] */
    np_sum_axis0(dscores, g->db2);

    /* backprop into the hidden layer */
    np_dot_BT(dscores, net->W2, dhidden);
    np_where_positive(cache->z1, dhidden, dz1);

    /* grads['W1'] */
    np_dot_T(X, dz1, g->dW1);
    np_add_scaled(g->dW1, 2 * reg, net->W1);

    /* grads['b1'] */
    np_sum_axis0(dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
