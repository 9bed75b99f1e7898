/* Lab 6: backward()
 * Hannah Lindqvist
 *
 * dz2, db2, dz1, db1 with loops; the two weight gradients and dp1 with
 * dgemm.  Scratch copy of dz2 so I can check the softmax part separately.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int ret = GSL_SUCCESS;
    gsl_matrix *scores_grad = NULL;
    size_t N, H, C, i, j;

    if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL)
        return GSL_EFAULT;
    N = X->size1;
    H = net->H;
    C = net->C;
    if (N == 0 || cache->N != N || g->N != N || X->size2 != net->D)
        return GSL_EBADLEN;
    if (N < C)   /* need at least as many samples as classes */
        return GSL_EBADLEN;

    scores_grad = gsl_matrix_calloc(N, C);
    if (scores_grad == NULL) {
        ret = GSL_ENOMEM;
        goto bail;
    }

    /* softmax + cross entropy: (p - 1[y]) / N */
    for (i = 0; i < N; i++) {
        if (y[i] >= C) {
            ret = GSL_EINVAL;
            goto bail;
        }
        for (j = 0; j < C; j++)
            gsl_matrix_set(scores_grad, i, j, gsl_matrix_get(cache->prob, i, j) / N);
        gsl_matrix_set(scores_grad, i, y[i], gsl_matrix_get(scores_grad, i, y[i]) - 1.0 / N);
    }
    ret = gsl_matrix_memcpy(g->dz2, scores_grad);
    if (ret) goto bail;

    /* dW2 = p1' dz2 + 2 reg W2 */
    ret = gsl_matrix_memcpy(g->dW2, net->W2);
    if (ret) goto bail;
    ret = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, scores_grad, 2.0 * reg, g->dW2);
    if (ret) goto bail;

    /* db2[c] = sum of the gradient for class c */
    for (j = 0; j < C; j++) {
        gsl_vector_const_view v = gsl_matrix_const_row(scores_grad, j);
        double total = 0.0;
        for (i = 0; i < v.vector.size; i++)
            total += gsl_vector_get(&v.vector, i);
        gsl_vector_set(g->db2, j, total);
    }

    /* dp1 = dz2 W2' */
    ret = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, scores_grad, net->W2, 0.0, g->dp1);
    if (ret) goto bail;

    /* dz1: pass dp1 where the unit was on */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double v = 0.0;
            if (gsl_matrix_get(cache->z1, i, j) > 0.0)
                v = gsl_matrix_get(g->dp1, i, j);
            gsl_matrix_set(g->dz1, i, j, v);
        }

    /* dW1 = X' dz1 + 2 reg W1 */
    ret = gsl_matrix_memcpy(g->dW1, net->W1);
    if (ret) goto bail;
    ret = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    if (ret) goto bail;

    /* db1[h] = sum over samples of dz1[:, h] */
    for (j = 0; j < H; j++) {
        double total = 0.0;
        for (i = 0; i < N; i++)
            total += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, total);
    }

bail:
    if (scores_grad != NULL)
        gsl_matrix_free(scores_grad);
    if (ret == GSL_SUCCESS)
        g->present = BP_GRADS_ALL;
    return ret;
}
