// backward.c  --  Lab 6, Jonah Whitaker
// Raw pointers into ->data, always stepping rows by ->tda (the handout
// says never assume tda == size2).  Temporaries are calloc'd and checked.

#include <gsl/gsl_errno.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int rc = GSL_SUCCESS;
    gsl_matrix *accW2 = NULL, *accW1 = NULL;
    size_t N, D, H, C, i, j, k;

    if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL)
    {
        return GSL_EFAULT;
    }
    N = X->size1; D = net->D; H = net->H; C = net->C;
    if (N == 0 || X->size2 != D || cache->N != N || g->N != N)
    {
        return GSL_EBADLEN;
    }

    accW2 = gsl_matrix_calloc(H, C);
    accW1 = gsl_matrix_calloc(D, H);
    if (accW2 == NULL || accW1 == NULL)
    {
        rc = GSL_ENOMEM;
        goto out;
    }

    // dz2 = (probs - 1{j == y_i}) / N
    for (i = 0; i < N; i++)
    {
        const double *pr = cache->prob->data + i * cache->prob->tda;
        double *d = g->dz2->data + i * g->dz2->tda;
        if (y[i] >= C) { rc = GSL_EINVAL; goto out; }
        for (j = 0; j < C; j++)
            d[j] = pr[j] / (double) N;
        d[y[i]] -= 1.0 / (double) N;
    }

    // dW2 = p1^T dz2 (outer products, one sample at a time) + 2 reg W2
    for (i = 0; i < N; i++)
    {
        const double *p = cache->p1->data + i * cache->p1->tda;
        const double *d = g->dz2->data + i * g->dz2->tda;
        for (j = 0; j < H; j++)
            for (k = 0; k < C; k++)
                accW2->data[j * accW2->tda + k] += p[j] * d[k];
    }
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            g->dW2->data[j * g->dW2->tda + k] = accW2->data[j * accW2->tda + k]
                + 2.0 * reg * net->W2->data[j * net->W2->tda + k];

    // db2 = sum of dz2 over samples
    for (k = 0; k < C; k++)
    {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += g->dz2->data[i * g->dz2->tda + k];
        g->db2->data[k * g->db2->stride] = s;
    }

    // dp1 = dz2 W2^T ; then dz1 is a copy of dp1 zeroed in place where z1 <= 0
    for (i = 0; i < N; i++)
    {
        const double *d = g->dz2->data + i * g->dz2->tda;
        double *dp = g->dp1->data + i * g->dp1->tda;
        for (j = 0; j < H; j++)
        {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += d[k] * net->W2->data[j * net->W2->tda + k];
            dp[j] = s;
        }
    }
    rc = gsl_matrix_memcpy(g->dz1, g->dp1);
    if (rc != GSL_SUCCESS)
        goto out;
    for (i = 0; i < N; i++)
    {
        const double *z = cache->z1->data + i * cache->z1->tda;
        double *dz = g->dz1->data + i * g->dz1->tda;
        for (j = 0; j < H; j++)
            if (z[j] <= 0.0)
                dz[j] = 0.0;
    }

    // dW1 = X^T dz1 + 2 reg W1 ; db1 = column sums of dz1
    for (i = 0; i < N; i++)
    {
        const double *x = X->data + i * X->tda;
        const double *dz = g->dz1->data + i * g->dz1->tda;
        for (k = 0; k < D; k++)
            for (j = 0; j < H; j++)
                accW1->data[k * accW1->tda + j] += x[k] * dz[j];
    }
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++)
            g->dW1->data[k * g->dW1->tda + j] = accW1->data[k * accW1->tda + j]
                + 2.0 * reg * net->W1->data[k * net->W1->tda + j];
    for (j = 0; j < H; j++)
    {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += g->dz1->data[i * g->dz1->tda + j];
        g->db1->data[j * g->db1->stride] = s;
    }

out:
    gsl_matrix_free(accW2);   // gsl_*_free is fine with NULL
    gsl_matrix_free(accW1);
    if (rc == GSL_SUCCESS)
        g->present = BP_GRADS_ALL;
    return rc;
}
