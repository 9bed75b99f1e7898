/* backward.c
 * Backward pass of the two-layer network, checked by gradcheck.
 * All errors are returned as GSL codes; the row buffers are freed at `end'.
 */
#include <assert.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;
    gsl_vector *rowC = NULL, *rowH = NULL;
    size_t i, j;
    int err = 0;

    assert(g->dz2->size1 == N && g->dz2->size2 == C);
    assert(g->dz1->size1 == N && g->dz1->size2 == H);
    if (cache->N != N || X->size2 != net->D)
        return GSL_EBADLEN;

    rowC = gsl_vector_alloc(C);
    if (!rowC) { err = GSL_ENOMEM; goto end; }
    rowH = gsl_vector_alloc(H);
    if (!rowH) { err = GSL_ENOMEM; goto end; }

    /* dz2 = (softmax - onehot) / N */
    for (i = 0; i < N; i++) {
        if (y[i] >= C) { err = GSL_EINVAL; goto end; }
        for (j = 0; j < C; j++) {
            double p = gsl_matrix_get(cache->prob, i, j);
            gsl_matrix_set(g->dz2, i, j, (p - (j == y[i])) / (double)N);
        }
    }

    /* dW2 = p1' dz2 + 2 reg W2 */
    err = gsl_matrix_memcpy(g->dW2, net->W2);
    if (err) goto end;
    err = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                         2.0 * reg, g->dW2);
    if (err) goto end;

    /* db2: take the first row, then add the other rows */
    err = gsl_matrix_get_row(g->db2, g->dz2, 0);
    if (err) goto end;
    for (i = 0; i < N; i++) {
        err = gsl_matrix_get_row(rowC, g->dz2, i);
        if (err) goto end;
        err = gsl_vector_add(g->db2, rowC);
        if (err) goto end;
    }

    /* dp1 = dz2 W2' */
    err = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                         0.0, g->dp1);
    if (err) goto end;

    /* dz1: relu lets the gradient through where z1 > 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, z > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
        }

    /* dW1 = X' dz1 + 2 reg W1 */
    err = gsl_matrix_memcpy(g->dW1, net->W1);
    if (err) goto end;
    err = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                         2.0 * reg, g->dW1);
    if (err) goto end;

    /* db1 = sum of the rows of dz1 */
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++) {
        err = gsl_matrix_get_row(rowH, g->dz1, i);
        if (err) goto end;
        err = gsl_vector_add(g->db1, rowH);
        if (err) goto end;
    }

    g->present = BP_GRADS_ALL;
end:
    gsl_vector_free(rowC);
    gsl_vector_free(rowH);
    return err;
}
