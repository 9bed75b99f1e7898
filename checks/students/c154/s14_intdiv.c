/*
 * CW2 backward pass -- machine learning module
 *
 * Layer by layer, using BLAS (gsl_blas_dgemm) for all of the matrix
 * products and a temporary for the regularisation terms.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* dW += 2 * reg * W, through a temporary copy of W */
static int add_reg_grad(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    gsl_matrix *tmp = gsl_matrix_alloc(W->size1, W->size2);
    if (tmp == NULL)
        return -1;
    gsl_matrix_memcpy(tmp, W);
    gsl_matrix_scale(tmp, 2.0 * reg);
    gsl_matrix_add(dW, tmp);
    gsl_matrix_free(tmp);
    return 0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t n, j;

    /* dz2 = (probs - one_hot) / N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (n = 0; n < N; n++)
        gsl_matrix_set(g->dz2, n, y[n], gsl_matrix_get(g->dz2, n, y[n]) - 1);
    gsl_matrix_scale(g->dz2, 1 / N);

    /* dW2 = p1^T dz2 (+ reg) */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    if (add_reg_grad(g->dW2, net->W2, reg) != 0)
        return 1;

    /* db2 = sum over the rows of dz2 */
    gsl_vector_set_zero(g->db2);
    for (n = 0; n < N; n++) {
        gsl_vector_const_view row = gsl_matrix_const_row(g->dz2, n);
        gsl_vector_add(g->db2, &row.vector);
    }

    /* dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 = dp1 where z1 > 0 */
    for (n = 0; n < N; n++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(g->dz1, n, j,
                           gsl_matrix_get(cache->z1, n, j) > 0 ? gsl_matrix_get(g->dp1, n, j) : 0.0);

    /* dW1 = X^T dz1 (+ reg) */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    if (add_reg_grad(g->dW1, net->W1, reg) != 0)
        return 1;

    /* db1 */
    gsl_vector_set_zero(g->db1);
    for (n = 0; n < N; n++) {
        gsl_vector_const_view row = gsl_matrix_const_row(g->dz1, n);
        gsl_vector_add(g->db1, &row.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
