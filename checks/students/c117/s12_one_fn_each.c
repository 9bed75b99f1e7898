/**
 * @file backward.c
 * @brief Backward pass of the two-layer net, one function per gradient.
 *
 * Each grad_* function validates its shapes, returns a GSL status and
 * writes exactly one gradient.  backward() calls them in backprop order
 * and stops at the first non-zero status.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/** @brief dz2 = (prob - onehot(y)) / N */
static int grad_dz2(const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
    size_t i;
    int st;
    if (prob->size1 != dz2->size1 || prob->size2 != dz2->size2)
        return GSL_EBADLEN;
    st = gsl_matrix_memcpy(dz2, prob);
    if (st != GSL_SUCCESS)
        return st;
    for (i = 0; i < dz2->size1; i++) {
        if (y[i] >= dz2->size2)
            return GSL_EINVAL;
        *gsl_matrix_ptr(dz2, i, y[i]) -= 1.0;
    }
    return gsl_matrix_scale(dz2, 1.0 / (double)dz2->size1);
}

/** @brief dW2 = p1^T dz2 + 2 reg W2 */
static int grad_dW2(const gsl_matrix *p1, const gsl_matrix *dz2,
                    const gsl_matrix *W2, double reg, gsl_matrix *dW2)
{
    int st = gsl_matrix_memcpy(dW2, W2);
    if (st != GSL_SUCCESS)
        return st;
    return gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, p1, dz2, 2.0 * reg, dW2);
}

/** @brief db = column sums of d */
static int grad_bias(const gsl_matrix *d, gsl_vector *db)
{
    size_t i, j;
    if (db->size != d->size2)
        return GSL_EBADLEN;
    for (j = 0; j < d->size2; j++) {
        double s = 0.0;
        for (i = 0; i < d->size1; i++)
            s += gsl_matrix_get(d, i, j);
        gsl_vector_set(db, j, s);
    }
    return GSL_SUCCESS;
}

/** @brief dp1 = dz2 W2^T */
static int grad_dp1(const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
    return gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, dp1);
}

/** @brief dz1 = dp1 .* [z1 > 0] */
static int grad_dz1(const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
    size_t i, j;
    if (dp1->size1 != z1->size1 || dp1->size2 != z1->size2)
        return GSL_EBADLEN;
    for (i = 0; i < z1->size1; i++)
        for (j = 0; j < z1->size2; j++)
            gsl_matrix_set(dz1, i, j, gsl_matrix_get(z1, i, j) > 0.0 ? gsl_matrix_get(dp1, i, j) : 0.0);
    return GSL_SUCCESS;
}

/** @brief dW1 = X^T dz1 */
static int grad_dW1(const gsl_matrix *X, const gsl_matrix *dz1, gsl_matrix *dW1)
{
    if (X->size2 != dW1->size1 || dz1->size2 != dW1->size2)
        return GSL_EBADLEN;
    return gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dz1, 0.0, dW1);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int st;

    if (X->size1 != cache->N || X->size1 != g->N || X->size2 != net->D)
        return GSL_EBADLEN;

    if ((st = grad_dz2(cache->prob, y, g->dz2)) != GSL_SUCCESS)
        return st;
    if ((st = grad_dW2(cache->p1, g->dz2, net->W2, reg, g->dW2)) != GSL_SUCCESS)
        return st;
    if ((st = grad_bias(g->dz2, g->db2)) != GSL_SUCCESS)
        return st;
    if ((st = grad_dp1(g->dz2, net->W2, g->dp1)) != GSL_SUCCESS)
        return st;
    if ((st = grad_dz1(g->dp1, cache->z1, g->dz1)) != GSL_SUCCESS)
        return st;
    if ((st = grad_dW1(X, g->dz1, g->dW1)) != GSL_SUCCESS)
        return st;
    if ((st = grad_bias(g->dz1, g->db1)) != GSL_SUCCESS)
        return st;

    g->present = BP_GRADS_ALL;
    return GSL_SUCCESS;
}
