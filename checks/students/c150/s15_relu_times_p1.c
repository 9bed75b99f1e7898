#include <stdio.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/*
 * backward -- HW3
 *
 * dz2 -> dW2, db2 -> dp1 -> dz1 -> dW1, db1
 * relu'(z) is applied with gsl_matrix_mul_elements.
 */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void bias_grad(const gsl_matrix *d, gsl_vector *db)
{
    size_t i, j;
    gsl_vector_set_zero(db);
    for (i = 0; i < d->size1; i++)
        for (j = 0; j < d->size2; j++)
            *gsl_vector_ptr(db, j) += gsl_matrix_get(d, i, j);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i;
    gsl_matrix *dprobs, *w2_trans, *x_trans, *h_trans, *dh, *reg_tmp1, *reg_tmp2;

    if (g->N != N || cache->N != N) {
        fprintf(stderr, "backward: batch size mismatch\n");
        return 1;
    }

    dprobs = gsl_matrix_alloc(N, net->C);
    w2_trans = gsl_matrix_alloc(net->C, net->H);
    x_trans = gsl_matrix_alloc(net->D, N);
    h_trans = gsl_matrix_alloc(net->H, N);
    dh = gsl_matrix_alloc(N, net->H);
    reg_tmp1 = gsl_matrix_alloc(net->D, net->H);
    reg_tmp2 = gsl_matrix_alloc(net->H, net->C);

    /* dz2 */
    gsl_matrix_memcpy(dprobs, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(dprobs, i, y[i], gsl_matrix_get(dprobs, i, y[i]) - 1.0);
    gsl_matrix_scale(dprobs, 1.0 / N);
    gsl_matrix_memcpy(g->dz2, dprobs);

    /* dW2 = h^T dz2 + 2 reg W2,  db2 */
    gsl_matrix_transpose_memcpy(h_trans, cache->p1);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, h_trans, dprobs, 0.0, g->dW2);
    gsl_matrix_memcpy(reg_tmp2, net->W2);
    gsl_matrix_scale(reg_tmp2, 2.0 * reg);
    gsl_matrix_add(g->dW2, reg_tmp2);
    bias_grad(dprobs, g->db2);

    /* dp1 = dz2 W2^T */
    gsl_matrix_transpose_memcpy(w2_trans, net->W2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, dprobs, w2_trans, 0.0, dh);
    gsl_matrix_memcpy(g->dp1, dh);

    /* dz1 = dp1 * relu'(z1) */
    gsl_matrix_mul_elements(dh, cache->p1);
    gsl_matrix_memcpy(g->dz1, dh);

    /* dW1 = X^T dz1 + 2 reg W1,  db1 */
    gsl_matrix_transpose_memcpy(x_trans, X);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, x_trans, dh, 0.0, g->dW1);
    gsl_matrix_memcpy(reg_tmp1, net->W1);
    gsl_matrix_scale(reg_tmp1, 2.0 * reg);
    gsl_matrix_add(g->dW1, reg_tmp1);
    bias_grad(dh, g->db1);

    gsl_matrix_free(dprobs);
    gsl_matrix_free(w2_trans);
    gsl_matrix_free(x_trans);
    gsl_matrix_free(h_trans);
    gsl_matrix_free(dh);
    gsl_matrix_free(reg_tmp1);
    gsl_matrix_free(reg_tmp2);

    g->present = BP_GRADS_ALL;
    return 0;
}
