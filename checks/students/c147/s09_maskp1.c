/* backward.c -- Lab 4, backward pass
 *
 * dgemm for the products, loops for the rest.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int nsamp, nhid, ncls;
    int i, j;
    double *dz, *dp, *act;
    double sum;

    nsamp = (int) X->size1;
    nhid = (int) net->H;
    ncls = (int) net->C;
    if (nsamp != (int) cache->N || nhid != (int) cache->H)
        return 1;

    /* scores gradient */
    for (i = 0; i < nsamp; i++)
        for (j = 0; j < ncls; j++)
            gsl_matrix_set(g->dz2, i, j,
                           (gsl_matrix_get(cache->prob, i, j)
                            - (j == (int) y[i])) / nsamp);

    /* second layer weights and bias */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);
    for (j = 0; j < ncls; j++) {
        sum = 0.0;
        for (i = 0; i < nsamp; i++)
            sum += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, sum);
    }

    /* back into the hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu: gradient goes through where the unit was on */
    for (i = 0; i < nsamp; i++) {
        dz = g->dz1->data + i * g->dz1->tda;
        dp = g->dp1->data + i * g->dp1->tda;
        act = cache->p1->data + i * cache->p1->tda;
        for (j = 0; j < nhid; j++) {
            if (act[j] >= 0.0)
                dz[j] = dp[j];
            else
                dz[j] = 0.0;
        }
    }

    /* first layer */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    for (j = 0; j < nhid; j++) {
        sum = 0.0;
        for (i = 0; i < nsamp; i++)
            sum += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
