/*
 * ML Systems - Assignment 3: manual backprop
 * Author: Sofia Castellanos <s.castellanos@student.example.edu>
 *
 * I build the one-hot target of each sample as a gsl_vector so the score
 * gradient is literally "prob - target", like in the slides, and use
 * vector operations for everything else.  Temporaries are allocated once
 * and freed at the end (single exit through `cleanup`).
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop.h"

#define WEIGHT_DECAY_GRAD(reg) (2.0 * (reg))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* grad += 2 reg W */
static int apply_l2(gsl_matrix *grad, const gsl_matrix *W, double reg,
                    gsl_matrix *work)
{
    int rc = gsl_matrix_memcpy(work, W);
    if (rc) return rc;
    rc = gsl_matrix_scale(work, WEIGHT_DECAY_GRAD(reg));
    if (rc) return rc;
    return gsl_matrix_add(grad, work);
}

/* builds the 0/1 gate of a ReLU from its input */
static void relu_gate(const gsl_vector *pre, gsl_vector *gate)
{
    size_t k;
    for (k = 0; k < pre->size; k++)
        gsl_vector_set(gate, k, gsl_vector_get(pre, k) > 0.0 ? 1.0 : 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    const size_t H = net->H;
    const size_t C = net->C;
    gsl_vector *target = NULL;
    gsl_vector *gate = NULL;
    gsl_matrix *work2 = NULL;
    gsl_matrix *work1 = NULL;
    size_t i;
    int rc = GSL_SUCCESS;

    if (N != cache->N || g->N != N || X->size2 != net->D)
        return GSL_EBADLEN;

    target = gsl_vector_calloc(C);
    gate = gsl_vector_alloc(H);
    work2 = gsl_matrix_alloc(H, C);
    work1 = gsl_matrix_alloc(net->D, H);
    if (!target || !gate || !work2 || !work1) {
        rc = GSL_ENOMEM;
        goto cleanup;
    }

    gsl_matrix_set_zero(g->dW2);
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db2);
    gsl_vector_set_zero(g->db1);

    for (i = 0; i < N; i++) {
        gsl_vector_const_view prob_i = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_const_view p1_i = gsl_matrix_const_row(cache->p1, i);
        gsl_vector_const_view z1_i = gsl_matrix_const_row(cache->z1, i);
        gsl_vector_const_view x_i = gsl_matrix_const_row(X, i);
        gsl_vector_view dz2_i = gsl_matrix_row(g->dz2, i);
        gsl_vector_view dp1_i = gsl_matrix_row(g->dp1, i);
        gsl_vector_view dz1_i = gsl_matrix_row(g->dz1, i);

        /* dz2_i = (prob_i - onehot(y_i)) / N */
        gsl_vector_set(target, y[i], 1.0);
        rc = gsl_vector_memcpy(&dz2_i.vector, &prob_i.vector);
        if (rc) goto cleanup;
        rc = gsl_vector_sub(&dz2_i.vector, target);
        if (rc) goto cleanup;
        rc = gsl_vector_scale(&dz2_i.vector, 1.0 / (double)N);
        if (rc) goto cleanup;

        /* output layer */
        rc = gsl_blas_dger(1.0, &p1_i.vector, &dz2_i.vector, g->dW2);
        if (rc) goto cleanup;
        rc = gsl_vector_add(g->db2, &dz2_i.vector);
        if (rc) goto cleanup;

        /* back into the hidden layer */
        rc = gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dz2_i.vector,
                            0.0, &dp1_i.vector);
        if (rc) goto cleanup;

        relu_gate(&z1_i.vector, gate);
        rc = gsl_vector_memcpy(&dz1_i.vector, &dp1_i.vector);
        if (rc) goto cleanup;
        rc = gsl_vector_mul(&dz1_i.vector, gate);
        if (rc) goto cleanup;

        rc = gsl_blas_dger(1.0, &x_i.vector, &dz1_i.vector, g->dW1);
        if (rc) goto cleanup;
        rc = gsl_vector_add(g->db1, &dz1_i.vector);
        if (rc) goto cleanup;
    }

    rc = apply_l2(g->dW2, net->W2, reg, work2);
    if (rc) goto cleanup;
    rc = apply_l2(g->dW1, net->W1, reg, work1);
    if (rc) goto cleanup;

    g->present = BP_GRADS_ALL;

cleanup:
    gsl_matrix_free(work1);
    gsl_matrix_free(work2);
    gsl_vector_free(gate);
    gsl_vector_free(target);
    return rc;
}
