/*
 *  backward.c   (Assignment 3 -- backprop)
 *  Nadia Petrova
 *
 *  One loop over the batch.  For sample i:
 *     ds  = dL/dscores          (C)
 *     dh  = dL/dhidden output   (H)
 *     dzh = dL/dhidden input    (H)
 *  Pointers into the rows instead of gsl_matrix_get, it is shorter.
 */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
    const size_t tw2 = net->W2->tda;
    size_t i, j, k, d;
    double ds[C], dh[H], dzh[H];

    gsl_vector_set_zero(g->dtheta);

    for (i = 0; i < N; i++)
    {
        const double *pr = gsl_matrix_const_ptr(cache->prob, i, 0);
        const double *hid = gsl_matrix_const_ptr(cache->p1, i, 0);
        const double *pre = gsl_matrix_const_ptr(cache->z1, i, 0);
        const double *xi = gsl_matrix_const_ptr(X, i, 0);
        double *dz2row = gsl_matrix_ptr(g->dz2, i, 0);
        double *dp1row = gsl_matrix_ptr(g->dp1, i, 0);
        double *dz1row = gsl_matrix_ptr(g->dz1, i, 0);

        /* scores */
        for (k = 0; k < C; k++)
        {
            ds[k] = pr[k];
            if (k == y[i])
                ds[k] -= 1.0;
            ds[k] /= (double) N;
            dz2row[k] = ds[k];
            *gsl_vector_ptr(g->db2, k) += ds[k];
        }
        for (j = 0; j < H; j++)
            for (k = 0; k < C; k++)
                *gsl_matrix_ptr(g->dW2, j, k) += hid[j] * ds[k];

        /* hidden */
        for (j = 0; j < H; j++)
        {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += net->W2->data[j * tw2 + k] * pr[k];
            dh[j] = s;
            dzh[j] = (pre[j] > 0) ? dh[j] : 0.0;
            dp1row[j] = dh[j];
            dz1row[j] = dzh[j];
            *gsl_vector_ptr(g->db1, j) += dzh[j];
        }
        for (d = 0; d < D; d++)
            for (j = 0; j < H; j++)
                *gsl_matrix_ptr(g->dW1, d, j) += xi[d] * dzh[j];
    }

    /* + d/dW reg*||W||^2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            *gsl_matrix_ptr(g->dW2, j, k) += 2.0 * reg * gsl_matrix_get(net->W2, j, k);
    for (d = 0; d < D; d++)
        for (j = 0; j < H; j++)
            *gsl_matrix_ptr(g->dW1, d, j) += 2.0 * reg * gsl_matrix_get(net->W1, d, j);

    g->present = BP_GRADS_ALL;
    return 0;
}
