/* backward.c -- backward pass for the 2-layer net.
 *
 * The data-loss gradients are computed first, layer by layer, with no
 * penalty.  Because dtheta is laid out exactly like theta (W1, b1, W2, b2,
 * grads.h), the L2 penalty's gradient is then added to all of them in one
 * daxpy at the end:  dtheta += 2 reg theta.
 */
#include <assert.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out = column sums of A, through column views */
static int column_sums(const gsl_matrix *A, gsl_vector *out)
{
    size_t j;
    if (A->size2 != out->size)
        return GSL_EBADLEN;
    for (j = 0; j < A->size2; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(A, j);
        gsl_vector_set(out, j, gsl_vector_sum(&col.vector));
    }
    return GSL_SUCCESS;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int status;
    size_t i, j;
    const size_t N = X->size1;
    gsl_matrix *active = NULL;   /* N x H, 1.0 where z1 > 0 */

    if (N != cache->N || N != g->N || X->size2 != net->D)
        return GSL_EBADLEN;
    if (g->dtheta->size != net->theta->size)
        return GSL_EBADLEN;
    assert(g->dz1->size2 == net->H);

    active = gsl_matrix_alloc(N, net->H);
    if (active == NULL)
        return GSL_ENOMEM;
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(active, i, j, gsl_matrix_get(cache->z1, i, j) > 0.0 ? 1.0 : 0.0);

    /* dz2 = (prob - onehot) / N */
    status = gsl_matrix_memcpy(g->dz2, cache->prob);
    if (status) goto out;
    for (i = 0; i < N; i++) {
        if (y[i] >= net->C) { status = GSL_EINVAL; goto out; }
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    }
    status = gsl_matrix_scale(g->dz2, 1.0 / (double)N);
    if (status) goto out;

    /* layer 2, data part */
    status = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    if (status) goto out;
    status = column_sums(g->dz2, g->db2);
    if (status) goto out;
    status = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    if (status) goto out;

    /* relu */
    status = gsl_matrix_memcpy(g->dz1, g->dp1);
    if (status) goto out;
    status = gsl_matrix_mul_elements(g->dz1, active);
    if (status) goto out;

    /* layer 1, data part */
    status = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    if (status) goto out;
    status = column_sums(g->dz1, g->db1);
    if (status) goto out;

    /* penalty: d/dtheta of reg |theta|^2 = 2 reg theta, for every parameter */
    status = gsl_blas_daxpy(2.0 * reg, net->theta, g->dtheta);
    if (status) goto out;

    g->present = BP_GRADS_ALL;
out:
    gsl_matrix_free(active);
    return status;
}
