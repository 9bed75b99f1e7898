/* backward.c
 *
 * Homework 4: backward pass of the two layer net.
 * B. Thorsteinsdottir, Tuesday/Thursday evening class.
 *
 * I keep one pointer per matrix and step it along the rows.
 * dz1 is dp1 times the derivative of relu, which is 1 for a positive
 * input and 0 otherwise, so I can just multiply by the test.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
    int N, H, C, i, k;
    double *pr, *d2, *dp, *z, *d1;
    double invN;

    N = X->size1;
    H = net->H;
    C = net->C;
    if (N != (int) cache->N || X->size2 != net->D || N != (int) g->N)
        return 1;
    invN = 1.0 / (double) N;

    /* dz2 = (prob - onehot) / N */
    pr = cache->prob->data;
    d2 = g->dz2->data;
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
            d2[k] = pr[k] * invN;
        d2[y[i]] -= invN;
        pr += cache->prob->tda;
        d2 += g->dz2->tda;
    }

    /* dW2 = p1' dz2 + 2 reg W2,  db2 = column sums of dz2 */
    gsl_matrix_memcpy (g->dW2, net->W2);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                    2.0 * reg, g->dW2);
    gsl_vector_set_zero (g->db2);
    d2 = g->dz2->data;
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
            g->db2->data[k * g->db2->stride] += d2[k];
        d2 += g->dz2->tda;
    }

    /* dp1 = dz2 W2' */
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                    g->dp1);

    /* dz1 = dp1 * relu'(z1) */
    dp = g->dp1->data;
    z = cache->z1->data;
    d1 = g->dz1->data;
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < H; k++)
            d1[k] = dp[k] * z[k] > 0;
        dp += g->dp1->tda;
        z += cache->z1->tda;
        d1 += g->dz1->tda;
    }

    /* dW1 = X' dz1 + 2 reg W1,  db1 = column sums of dz1 */
    gsl_matrix_memcpy (g->dW1, net->W1);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                    2.0 * reg, g->dW1);
    gsl_vector_set_zero (g->db1);
    d1 = g->dz1->data;
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < H; k++)
            g->db1->data[k * g->db1->stride] += d1[k];
        d1 += g->dz1->tda;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
