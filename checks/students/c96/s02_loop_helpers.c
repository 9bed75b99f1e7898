/*
 * Lab 6 - backprop by hand
 * Marcus Bell, section 2
 *
 * Every helper checks its arguments and returns a GSL status code.
 * No BLAS, just loops (easier for me to follow the indices).
 */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out = A' * B   (A is n x a, B is n x b, out is a x b) */
static int matmul_tn(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    size_t r, c, n;
    if (A == NULL || B == NULL || out == NULL)
        return GSL_EFAULT;
    if (A->size1 != B->size1 || out->size1 != A->size2 || out->size2 != B->size2)
        return GSL_EBADLEN;
    for (r = 0; r < out->size1; r++) {
        for (c = 0; c < out->size2; c++) {
            double s = 0.0;
            for (n = 0; n < A->size1; n++)
                s += gsl_matrix_get(A, n, r) * gsl_matrix_get(B, n, c);
            gsl_matrix_set(out, r, c, s);
        }
    }
    return GSL_SUCCESS;
}

/* out = A * B'   (A is n x k, B is m x k, out is n x m) */
static int matmul_nt(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    size_t r, c, k;
    if (A == NULL || B == NULL || out == NULL)
        return GSL_EFAULT;
    if (A->size2 != B->size2 || out->size1 != A->size1 || out->size2 != B->size1)
        return GSL_EBADLEN;
    for (r = 0; r < out->size1; r++) {
        for (c = 0; c < out->size2; c++) {
            double s = 0.0;
            for (k = 0; k < A->size2; k++)
                s += gsl_matrix_get(A, r, k) * gsl_matrix_get(B, c, k);
            gsl_matrix_set(out, r, c, s);
        }
    }
    return GSL_SUCCESS;
}

/* db[j] = sum over rows of d[:, j] */
static int col_sums(const gsl_matrix *d, gsl_vector *db)
{
    size_t i, j;
    if (d == NULL || db == NULL)
        return GSL_EFAULT;
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

/* dW += 2*reg*W  (derivative of reg*sum(W^2)) */
static int add_reg(const gsl_matrix *W, double reg, gsl_matrix *dW)
{
    size_t i, j;
    if (W == NULL || dW == NULL)
        return GSL_EFAULT;
    if (W->size1 != dW->size1 || W->size2 != dW->size2)
        return GSL_EBADLEN;
    for (i = 0; i < W->size1; i++)
        for (j = 0; j < W->size2; j++)
            gsl_matrix_set(dW, i, j, gsl_matrix_get(dW, i, j) + 2.0 * reg * gsl_matrix_get(W, i, j));
    return GSL_SUCCESS;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int status = GSL_SUCCESS;
    gsl_matrix *mask = NULL;
    size_t N, C, H, i, j;

    if (!net || !X || !y || !cache || !g)
        return GSL_EFAULT;
    N = X->size1; C = net->C; H = net->H;
    if (N == 0 || cache->N != N || g->N != N || X->size2 != net->D)
        return GSL_EBADLEN;

    /* softmax gradient, one entry at a time */
    for (i = 0; i < N && status == GSL_SUCCESS; i++) {
        if (y[i] >= C) {
            status = GSL_EINVAL;
            break;
        }
        for (j = 0; j < C; j++) {
            double p = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i])
                p -= 1.0;
            gsl_matrix_set(g->dz2, i, j, p / (double)N);
        }
    }
    if (status != GSL_SUCCESS) goto done;

    status = matmul_tn(cache->p1, g->dz2, g->dW2);
    if (status != GSL_SUCCESS) goto done;
    status = add_reg(net->W2, reg, g->dW2);
    if (status != GSL_SUCCESS) goto done;
    status = col_sums(g->dz2, g->db2);
    if (status != GSL_SUCCESS) goto done;

    status = matmul_nt(g->dz2, net->W2, g->dp1);
    if (status != GSL_SUCCESS) goto done;

    /* relu mask: p1 > 0 exactly when z1 > 0 */
    mask = gsl_matrix_calloc(N, H);
    if (mask == NULL) {
        status = GSL_ENOMEM;
        goto done;
    }
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->p1, i, j) > 0.0)
                gsl_matrix_set(mask, i, j, 1.0);
    status = gsl_matrix_memcpy(g->dz1, g->dp1);
    if (status != GSL_SUCCESS) goto done;
    status = gsl_matrix_mul_elements(g->dz1, mask);
    if (status != GSL_SUCCESS) goto done;

    status = matmul_tn(X, g->dz1, g->dW1);
    if (status != GSL_SUCCESS) goto done;
    status = add_reg(net->W1, reg, g->dW1);
    if (status != GSL_SUCCESS) goto done;
    status = col_sums(g->dz1, g->db1);

done:
    if (mask != NULL)
        gsl_matrix_free(mask);
    if (status == GSL_SUCCESS)
        g->present = BP_GRADS_ALL;
    return status;
}
