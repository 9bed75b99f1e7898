/* backward.c -- Lab 5: backprop for the two-layer net
 * Gustavo M.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

/* dW += d/dW (reg * |W|^2)
 * (from the lecture notes: the reg loss is 0.5 * reg * W^2 so the 0.5
 * cancels the 2 and the gradient is just reg * W) */
static void add_reg(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    size_t r, c;
    for (r = 0; r < W->size1; r++)
        for (c = 0; c < W->size2; c++)
            *gsl_matrix_ptr(dW, r, c) += reg * gsl_matrix_get(W, r, c);
}

/* db = sum over the rows of dZ */
static void bias_grad(const gsl_matrix *dZ, gsl_vector *db)
{
    size_t r, c;
    for (c = 0; c < dZ->size2; c++) {
        double s = 0.0;
        for (r = 0; r < dZ->size1; r++)
            s += gsl_matrix_get(dZ, r, c);
        gsl_vector_set(db, c, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i, j;

    /* TODO: compute dscores */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* TODO: backprop into W2 and b2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    add_reg(g->dW2, net->W2, reg);
    bias_grad(g->dz2, g->db2);

    /* TODO: backprop into the hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* TODO: ReLU */
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);

    /* TODO: backprop into W1 and b1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    add_reg(g->dW1, net->W1, reg);
    bias_grad(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
