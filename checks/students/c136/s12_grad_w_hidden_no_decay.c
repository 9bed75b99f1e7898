/* backward.c -- backprop for the 2-layer net using BLAS
 *
 *  delta_out     = (P - T)/N
 *  grad_w_out    = A^T delta_out + 2*reg*W2
 *  grad_b_out    = sum_i delta_out
 *  err_hidden    = delta_out W2^T
 *  delta_hidden  = err_hidden * relu'(z1)
 *  grad_w_hidden = X^T delta_hidden
 *  grad_b_hidden = sum_i delta_hidden
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void column_sums(const gsl_matrix *A, gsl_vector *s)
{
    size_t i, j;
    for (j = 0; j < A->size2; j++) {
        double acc = 0.0;
        for (i = 0; i < A->size1; i++)
            acc += gsl_matrix_get(A, i, j);
        gsl_vector_set(s, j, acc);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;
    gsl_matrix *delta_out = g->dz2;
    gsl_matrix *err_hidden = g->dp1;
    gsl_matrix *delta_hidden = g->dz1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix_memcpy(delta_out, cache->prob);
    for (i = 0; i < N; i++)
        *gsl_matrix_ptr(delta_out, i, y[i]) -= 1.0;
    gsl_matrix_scale(delta_out, 1.0 / (double)N);

    /* output layer */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, delta_out, 2.0 * reg, g->dW2);
    column_sums(delta_out, g->db2);

    /* hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, delta_out, net->W2, 0.0, err_hidden);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(delta_hidden, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0.0 ? gsl_matrix_get(err_hidden, i, j) : 0.0);

    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, delta_hidden, 0.0, g->dW1);
    column_sums(delta_hidden, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
