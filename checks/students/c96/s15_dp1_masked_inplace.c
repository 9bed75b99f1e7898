// Lab 6 -- backward pass
// Lucas Moreau
//
// To save a temporary I do the ReLU on dp1 directly and then copy it
// into dz1.  Everything else: calloc, check, free at the bottom.

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int status = GSL_SUCCESS;
    gsl_matrix *twoRegW = NULL;
    size_t N, H, i, j;

    if (!net || !X || !y || !cache || !g)
        return GSL_EFAULT;
    N = X->size1;
    H = net->H;
    if (N == 0 || cache->N != N || g->N != N || X->size2 != net->D)
        return GSL_EBADLEN;

    // dz2 = (softmax - onehot) / N
    for (i = 0; i < N; i++) {
        if (y[i] >= net->C) {
            status = GSL_EINVAL;
            goto cleanup;
        }
        for (j = 0; j < net->C; j++) {
            double t = (j == y[i]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, i, j, (gsl_matrix_get(cache->prob, i, j) - t) / (double)N);
        }
    }

    // dW2 = p1' dz2 + 2 reg W2
    twoRegW = gsl_matrix_calloc(H, net->C);
    if (twoRegW == NULL) { status = GSL_ENOMEM; goto cleanup; }
    gsl_matrix_memcpy(twoRegW, net->W2);
    gsl_matrix_scale(twoRegW, 2.0 * reg);
    status = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    if (status != GSL_SUCCESS) goto cleanup;
    gsl_matrix_add(g->dW2, twoRegW);
    gsl_matrix_free(twoRegW);
    twoRegW = NULL;

    // db2 = column sums of dz2
    for (j = 0; j < net->C; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz2, j);
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db2, j, s);
    }

    // dp1 = dz2 W2'
    status = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    if (status != GSL_SUCCESS) goto cleanup;

    // relu: kill the gradient where z1 <= 0, then dz1 is just that
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(g->dp1, i, j, 0.0);
    status = gsl_matrix_memcpy(g->dz1, g->dp1);
    if (status != GSL_SUCCESS) goto cleanup;

    // dW1 = X' dz1 + 2 reg W1
    twoRegW = gsl_matrix_calloc(net->D, H);
    if (twoRegW == NULL) { status = GSL_ENOMEM; goto cleanup; }
    gsl_matrix_memcpy(twoRegW, net->W1);
    gsl_matrix_scale(twoRegW, 2.0 * reg);
    status = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    if (status != GSL_SUCCESS) goto cleanup;
    gsl_matrix_add(g->dW1, twoRegW);

    // db1 = column sums of dz1
    for (j = 0; j < H; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz1, j);
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db1, j, s);
    }

cleanup:
    if (twoRegW != NULL)
        gsl_matrix_free(twoRegW);
    if (status == GSL_SUCCESS)
        g->present = BP_GRADS_ALL;
    return status;
}
