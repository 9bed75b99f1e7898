/*
 * backward.c
 * HW3 Q4 -- backward pass, written with small helpers.
 * Every helper overwrites its output, so nothing from a previous call
 * survives.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* dW = A^T dZ + 2*reg*W */
static void weight_grad(const gsl_matrix *A, const gsl_matrix *dZ,
                        const gsl_matrix *W, double reg, gsl_matrix *dW)
{
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, dZ, 0.0, dW);
    for (size_t r = 0; r < dW->size1; r++)
    {
        double *row = gsl_matrix_ptr(dW, r, 0);
        const double *wr = gsl_matrix_const_ptr(W, r, 0);
        for (size_t c = 0; c < dW->size2; c++)
            row[c] += 2.0 * reg * wr[c];
    }
}

/* db = column sums of dZ */
static void bias_grad(const gsl_matrix *dZ, gsl_vector *db)
{
    gsl_vector_set_zero(db);
    for (size_t r = 0; r < dZ->size1; r++)
    {
        const double *row = gsl_matrix_const_ptr(dZ, r, 0);
        for (size_t c = 0; c < dZ->size2; c++)
            *gsl_vector_ptr(db, c) += row[c];
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    const double invN = 1 / N;    /* the loss is an average */

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* softmax gradient: (p - 1{k == y}) / N */
    for (size_t i = 0; i < N; i++)
    {
        const double *p = gsl_matrix_const_ptr(cache->prob, i, 0);
        double *d = gsl_matrix_ptr(g->dz2, i, 0);
        for (size_t k = 0; k < net->C; k++)
            d[k] = (p[k] - (k == y[i])) * invN;
    }

    weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2);
    bias_grad(g->dz2, g->db2);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* backprop through relu */
    for (size_t i = 0; i < N; i++)
    {
        const double *z = gsl_matrix_const_ptr(cache->z1, i, 0);
        const double *dp = gsl_matrix_const_ptr(g->dp1, i, 0);
        double *dz = gsl_matrix_ptr(g->dz1, i, 0);
        for (size_t j = 0; j < net->H; j++)
            dz[j] = z[j] > 0.0 ? dp[j] : 0.0;
    }

    weight_grad(X, g->dz1, net->W1, reg, g->dW1);
    bias_grad(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
