/* backward.c  Lab 6
 * Olivia Grant
 *
 * Straight loops over the samples: for each sample i, push its gradient
 * back through the two layers and add its contribution into the
 * parameter gradients.  The parameter gradients are zeroed first.
 */
#include <gsl/gsl_errno.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int err = GSL_SUCCESS;
    size_t N, D, H, C, i, j, k;
    gsl_matrix *onehot = NULL;

    if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL)
        return GSL_EFAULT;
    N = X->size1; D = net->D; H = net->H; C = net->C;
    if (N == 0 || X->size2 != D || cache->N != N || g->N != N)
        return GSL_EBADLEN;

    onehot = gsl_matrix_calloc(N, C);
    if (onehot == NULL) {
        err = GSL_ENOMEM;
        goto cleanup;
    }
    for (i = 0; i < N; i++) {
        if (y[i] >= C) {
            err = GSL_EINVAL;
            goto cleanup;
        }
        gsl_matrix_set(onehot, i, y[i], 1.0);
    }

    /* zero the accumulators */
    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);
    gsl_matrix_set_zero(g->dW1);

    for (i = 0; i < N; i++) {
        /* dz2 row i */
        for (k = 0; k < C; k++) {
            double d = (gsl_matrix_get(cache->prob, i, k) - gsl_matrix_get(onehot, i, k)) / N;
            gsl_matrix_set(g->dz2, i, k, d);
            gsl_vector_set(g->db2, k, gsl_vector_get(g->db2, k) + d);
            for (j = 0; j < H; j++)
                gsl_matrix_set(g->dW2, j, k, gsl_matrix_get(g->dW2, j, k)
                               + gsl_matrix_get(cache->p1, i, j) * d);
        }
        /* dp1 and dz1 row i */
        for (j = 0; j < H; j++) {
            double s = 0.0, dz;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
            dz = gsl_matrix_get(cache->z1, i, j) > 0.0 ? s : 0.0;
            gsl_matrix_set(g->dz1, i, j, dz);
            gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + dz);
            for (k = 0; k < D; k++)
                gsl_matrix_set(g->dW1, k, j, gsl_matrix_get(g->dW1, k, j)
                               + gsl_matrix_get(X, i, k) * dz);
        }
    }

    /* regularisation: d/dW reg*W^2 = 2 reg W */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dW2, j, k, gsl_matrix_get(g->dW2, j, k) + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, k, j, gsl_matrix_get(g->dW1, k, j) + 2.0 * reg * gsl_matrix_get(net->W1, k, j));

cleanup:
    if (onehot != NULL)
        gsl_matrix_free(onehot);
    if (err == GSL_SUCCESS)
        g->present = BP_GRADS_ALL;
    return err;
}
