/* backward.c -- hw3 backward pass in C
 * my numpy layer: np_dot, np_sum (with an axis, like numpy), np_sub,
 * np_scale, np_where_positive.  Out arguments go last.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define T  CblasTrans
#define NT CblasNoTrans

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void np_dot(CBLAS_TRANSPOSE_t ta, const gsl_matrix *a,
                   CBLAS_TRANSPOSE_t tb, const gsl_matrix *b, gsl_matrix *out) {
    gsl_blas_dgemm(ta, tb, 1.0, a, b, 0.0, out);
}

/* np.sum(a, axis=axis) -> out.  axis 0: one value per column,
 * axis 1: one value per row. */
static void np_sum(const gsl_matrix *a, int axis, gsl_vector *out) {
    size_t i, j, k;
    gsl_vector_set_zero(out);
    for (i = 0; i < a->size1; i++) {
        for (j = 0; j < a->size2; j++) {
            k = (axis == 0) ? j : i;
            if (k < out->size)                   /* never write past out */
                *gsl_vector_ptr(out, k) += gsl_matrix_get(a, i, j);
        }
    }
}

static void np_sub(const gsl_matrix *a, const gsl_matrix *b, gsl_matrix *out) {
    gsl_matrix_memcpy(out, a);
    gsl_matrix_sub(out, b);
}

static void np_scale(gsl_matrix *a, double s) {
    gsl_matrix_scale(a, s);
}

static void np_where_positive(const gsl_matrix *cond, const gsl_matrix *a, gsl_matrix *out) {
    size_t i, j;
    for (i = 0; i < a->size1; i++)
        for (j = 0; j < a->size2; j++)
            gsl_matrix_set(out, i, j, gsl_matrix_get(cond, i, j) > 0 ? gsl_matrix_get(a, i, j) : 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, i;
    gsl_matrix *onehot, *tmp1, *tmp2;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    onehot = gsl_matrix_calloc(N, net->C);
    tmp2 = gsl_matrix_alloc(net->H, net->C);
    tmp1 = gsl_matrix_alloc(net->D, net->H);
    for (i = 0; i < N; i++)
        gsl_matrix_set(onehot, i, y[i], 1.0);

    /* dz2 = (probs - onehot) / N */
    np_sub(cache->prob, onehot, g->dz2);
    np_scale(g->dz2, 1.0 / N);

    /* dW2 = p1.T @ dz2 + 2 * reg * W2 */
    np_dot(T, cache->p1, NT, g->dz2, g->dW2);
    gsl_matrix_memcpy(tmp2, net->W2);
    np_scale(tmp2, 2 * reg);
    gsl_matrix_add(g->dW2, tmp2);

    /* db2 = dz2.sum(axis=0) */
    np_sum(g->dz2, 0, g->db2);

    /* dp1 = dz2 @ W2.T */
    np_dot(NT, g->dz2, T, net->W2, g->dp1);

    /* dz1 = np.where(z1 > 0, dp1, 0) */
    np_where_positive(cache->z1, g->dp1, g->dz1);

    /* dW1 = X.T @ dz1 + 2 * reg * W1 */
    np_dot(T, X, NT, g->dz1, g->dW1);
    gsl_matrix_memcpy(tmp1, net->W1);
    np_scale(tmp1, 2 * reg);
    gsl_matrix_add(g->dW1, tmp1);

    /* db1 = dz1.sum(axis=1) */
    np_sum(g->dz1, 1, g->db1);

    gsl_matrix_free(onehot);
    gsl_matrix_free(tmp1);
    gsl_matrix_free(tmp2);
    g->present = BP_GRADS_ALL;
    return 0;
}
