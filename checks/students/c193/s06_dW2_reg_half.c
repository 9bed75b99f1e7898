/*
 * backward.c  (hw3, part 2)
 * gradients of the two layer net, each one followed by a shape check.
 * dW2 is checked against a triple loop when the if (0) below is turned on.
 */
#include <stdio.h>
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t nSamp = X->size1, nIn = net->D, nHid = net->H, nOut = net->C;
    size_t i, j, k;

    if (nSamp != cache->N || X->size2 != nIn || g->N != nSamp)
    {
        return 1;
    }

    /* scores gradient */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < nSamp; i++)
    {
        double *p = gsl_matrix_ptr(g->dz2, i, y[i]);
        *p -= 1.0;
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double) nSamp);
    if (g->dz2->size1 != nSamp || g->dz2->size2 != nOut) return 1;

    /* W2: data part p1' dz2, plus the derivative of reg*|W2|^2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, reg, g->dW2);
    if (g->dW2->size1 != nHid || g->dW2->size2 != nOut) return 1;

    if (0)
    {
        double worst = 0.0;
        for (j = 0; j < nHid; j++)
        {
            for (k = 0; k < nOut; k++)
            {
                double s = reg * gsl_matrix_get(net->W2, j, k);
                for (i = 0; i < nSamp; i++)
                    s += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
                worst = fmax(worst, fabs(s - gsl_matrix_get(g->dW2, j, k)));
            }
        }
        printf("dW2 check: %g\n", worst);
    }

    /* b2 */
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < nSamp; i++)
    {
        for (k = 0; k < nOut; k++)
        {
            *gsl_vector_ptr(g->db2, k) += gsl_matrix_get(g->dz2, i, k);
        }
    }
    if (g->db2->size != nOut) return 1;

    /* hidden activations */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    if (g->dp1->size1 != nSamp || g->dp1->size2 != nHid) return 1;

    /* through the relu */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < nSamp; i++)
    {
        for (j = 0; j < nHid; j++)
        {
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }
    if (g->dz1->size1 != nSamp || g->dz1->size2 != nHid) return 1;

    /* W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    if (g->dW1->size1 != nIn || g->dW1->size2 != nHid) return 1;

    /* b1 */
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < nSamp; i++)
    {
        gsl_vector_const_view r = gsl_matrix_const_row(g->dz1, i);
        gsl_vector_add(g->db1, &r.vector);
    }
    if (g->db1->size != nHid) return 1;

    g->present = BP_GRADS_ALL;
    return 0;
}
