/* backward.c - two layer net backward (hw3)
   numpy -> C with my little np_ helpers.  Shapes:
     X (N,D)  W1 (D,H)  W2 (H,C)  h (N,H)  scores (N,C) */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out = (A or A.T) @ (B or B.T) */
static void np_dot(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out,
                   int At, int Bt) {
    gsl_blas_dgemm(At ? CblasTrans : CblasNoTrans, Bt ? CblasTrans : CblasNoTrans,
                   1.0, A, B, 0.0, out);
}

/* out = s * A */
static void np_scale(gsl_matrix *out, const gsl_matrix *A, double s) {
    gsl_matrix_memcpy(out, A);
    gsl_matrix_scale(out, s);
}

/* column sums through a row view loop */
static void np_sum_axis0(const gsl_matrix *A, gsl_vector *out) {
    size_t i;
    gsl_vector_set_zero(out);
    for (i = 0; i < A->size1; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(A, i);
        gsl_blas_daxpy(1.0, &row.vector, out);
    }
}

static void np_where_positive(const gsl_matrix *cond, const gsl_matrix *A, gsl_matrix *out) {
    size_t i, j;
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            gsl_matrix_set(out, i, j, gsl_matrix_get(cond, i, j) > 0.0 ? gsl_matrix_get(A, i, j) : 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, i;
    gsl_matrix *dscores = g->dz2, *dh = g->dp1, *dz1 = g->dz1;
    gsl_matrix *dW1 = g->dW1, *dW2 = g->dW2;
    gsl_matrix *regW2;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dscores = probs; dscores[range(N), y] -= 1; dscores /= N */
    np_scale(dscores, cache->prob, 1.0);
    for (i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1.0);
    np_scale(dscores, dscores, 1.0 / N);

    /* dW2 = h.T @ dscores + 2*reg*W2 */
    regW2 = gsl_matrix_alloc(net->H, net->C);
    if (regW2 == NULL)
        return 1;
    np_scale(regW2, net->W2, 2.0 * reg);
    np_dot(cache->p1, dscores, dW2, 1, 0);
    gsl_matrix_add(dW2, regW2);
    gsl_matrix_free(regW2);

    /* db2 = dscores.sum(axis=0) */
    np_sum_axis0(dscores, g->db2);

    /* dh = dscores @ W2.T */
    np_dot(dscores, net->W2, dh, 0, 1);

    /* dz1 = dh * (z1 > 0) */
    np_where_positive(cache->z1, dh, dz1);

    /* dW1 = X.T @ dz1 */
    np_dot(X, dz1, dW1, 1, 0);

    /* db1 = dz1.sum(axis=0) */
    np_sum_axis0(dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
