/*
 * backward.c - backprop for the 2 layer net, done the long way.
 *
 * per sample i:
 *     g_prob = dL/dprob_i            (only the label entry is nonzero)
 *     J      = dprob_i/dz2_i         C x C
 *     g_z2   = g_prob^T J            (row vector times matrix)
 * then g_p1 = g_z2 W2^T, g_z1 = g_p1 diag(z1 > 0), and the parameter
 * gradients as p1^T g_z2 and X^T g_z1 with BLAS.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *softmax_jac(const gsl_matrix *prob, size_t i)
{
    size_t C = prob->size2, k, j;
    gsl_matrix *J = gsl_matrix_alloc(C, C);
    for (k = 0; k < C; k++) {
        double pk = gsl_matrix_get(prob, i, k);
        for (j = 0; j < C; j++)
            gsl_matrix_set(J, k, j, pk * ((k == j) - pk));
    }
    return J;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C, i, h;
    gsl_vector *g_prob = gsl_vector_calloc(C);

    for (i = 0; i < N; i++) {
        gsl_matrix *J = softmax_jac(cache->prob, i);
        gsl_vector_view g_z2 = gsl_matrix_row(g->dz2, i);

        gsl_vector_set_zero(g_prob);
        gsl_vector_set(g_prob, y[i], -1.0 / ((double) N * gsl_matrix_get(cache->prob, i, y[i])));
        /* (g_prob^T J)^T = J^T g_prob */
        gsl_blas_dgemv(CblasTrans, 1.0, J, g_prob, 0.0, &g_z2.vector);
        gsl_matrix_free(J);
    }

    /* W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    /* b2: sum of the rows */
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(g->dz2, i);
        gsl_vector_add(g->db2, &r.vector);
    }

    /* p1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* z1: the relu jacobian is diag(z1 > 0), only the diagonal is used */
    for (i = 0; i < N; i++)
        for (h = 0; h < H; h++)
            gsl_matrix_set(g->dz1, i, h,
                           gsl_matrix_get(cache->z1, i, h) > 0 ? gsl_matrix_get(g->dp1, i, h) : 0.0);

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(g->dz1, i);
        gsl_vector_add(g->db1, &r.vector);
    }

    gsl_vector_free(g_prob);
    g->present = BP_GRADS_ALL;
    return 0;
}
