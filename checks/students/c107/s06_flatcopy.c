// backward.c - hw2 two layer net, backward
// (ported from the numpy notebook, names kept the same)
#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// out = A @ B
static void matmul(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out) {
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A, B, 0.0, out);
}

// returns A.T (caller frees)
static gsl_matrix *transpose_alloc(const gsl_matrix *A) {
    gsl_matrix *t = gsl_matrix_alloc(A->size2, A->size1);
    gsl_matrix_transpose_memcpy(t, A);
    return t;
}

// np.sum(A, axis=0)
static void sum_rows(const gsl_matrix *A, gsl_vector *out) {
    gsl_vector_set_zero(out);
    for (size_t i = 0; i < A->size1; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(A, i);
        gsl_vector_add(out, &row.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, H = net->H, C = net->C;
    gsl_matrix *dscores = gsl_matrix_alloc(N, C);
    gsl_matrix *hidden = cache->p1;   // hidden_layer in numpy

    // dscores = probs - onehot(y), / N
    gsl_matrix_memcpy(dscores, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1.0);
    gsl_matrix_scale(dscores, 1.0 / (double)N);
    gsl_matrix_memcpy(g->dz2, dscores);

    // grads['W2'] = hidden_layer.T.dot(dscores)   (H, C)
    // computed as (dscores.T.dot(hidden_layer)).T, the .T when saving
    gsl_matrix *dscores_T = transpose_alloc(dscores);      // (C, N)
    gsl_matrix *tmp = gsl_matrix_alloc(C, H);
    matmul(dscores_T, hidden, tmp);                        // (C,N) x (N,H)
    memcpy(g->dW2->data, tmp->data, H * C * sizeof(double));   // save as (H, C)
    gsl_matrix_free(tmp);
    gsl_matrix_free(dscores_T);
    // + reg part
    for (size_t k = 0; k < H; k++)
        for (size_t j = 0; j < C; j++)
            gsl_matrix_set(g->dW2, k, j,
                           gsl_matrix_get(g->dW2, k, j) + 2 * reg * gsl_matrix_get(net->W2, k, j));

    // grads['b2']
    sum_rows(dscores, g->db2);

    // dhidden = dscores.dot(W2.T)
    gsl_matrix *W2_T = transpose_alloc(net->W2);
    gsl_matrix *dhidden = gsl_matrix_alloc(N, H);
    matmul(dscores, W2_T, dhidden);
    gsl_matrix_memcpy(g->dp1, dhidden);
    gsl_matrix_free(W2_T);

    // dhidden[hidden_layer <= 0] = 0
    for (size_t i = 0; i < N; i++)
        for (size_t k = 0; k < H; k++)
            if (gsl_matrix_get(hidden, i, k) <= 0)
                gsl_matrix_set(dhidden, i, k, 0.0);
    gsl_matrix_memcpy(g->dz1, dhidden);

    // grads['W1'] = X.T.dot(dhidden) + 2 reg W1
    gsl_matrix *X_T = transpose_alloc(X);
    matmul(X_T, dhidden, g->dW1);
    gsl_matrix_free(X_T);
    gsl_matrix *W1reg = gsl_matrix_alloc(net->D, H);
    gsl_matrix_memcpy(W1reg, net->W1);
    gsl_matrix_scale(W1reg, 2 * reg);
    gsl_matrix_add(g->dW1, W1reg);
    gsl_matrix_free(W1reg);

    sum_rows(dhidden, g->db1);

    gsl_matrix_free(dhidden);
    gsl_matrix_free(dscores);
    g->present = BP_GRADS_ALL;
    return 0;
}
