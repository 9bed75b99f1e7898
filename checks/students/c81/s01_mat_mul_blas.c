/* Assignment 2 -- backward pass
 * reuses my linalg helpers from assignment 1 (mat_mul etc.)
 * Author: K. Okafor */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* ---------------- helpers from A1 ---------------- */

/* C = op(A) op(B), op = transpose if flag set */
static void mat_mul(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C,
                    int transA, int transB)
{
    gsl_blas_dgemm(transA ? CblasTrans : CblasNoTrans,
                   transB ? CblasTrans : CblasNoTrans,
                   1.0, A, B, 0.0, C);
}

/* out[j] = sum_i A[i][j] */
static void col_sum(const gsl_matrix *A, gsl_vector *out)
{
    gsl_vector_set_zero(out);
    for (size_t i = 0; i < A->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(A, i);
        gsl_vector_add(out, &r.vector);
    }
}

/* A += s * B */
static void add_scaled(gsl_matrix *A, const gsl_matrix *B, double s)
{
    for (size_t i = 0; i < A->size1; i++)
        for (size_t j = 0; j < A->size2; j++)
            gsl_matrix_set(A, i, j, gsl_matrix_get(A, i, j) + s * gsl_matrix_get(B, i, j));
}

/* -------------------------------------------------- */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 = (P - Y) / N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* dW2 = p1^T dz2 + 2 reg W2 */
    mat_mul(cache->p1, g->dz2, g->dW2, 1, 0);
    add_scaled(g->dW2, net->W2, 2.0 * reg);

    /* db2 */
    col_sum(g->dz2, g->db2);

    /* dp1 = dz2 W2^T */
    mat_mul(g->dz2, net->W2, g->dp1, 0, 1);

    /* dz1 = dp1 where z1 > 0 */
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < net->H; j++) {
            double v = gsl_matrix_get(g->dp1, i, j);
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? v : 0.0);
        }

    /* dW1 = X^T dz1 + 2 reg W1 */
    mat_mul(X, g->dz1, g->dW1, 1, 0);
    add_scaled(g->dW1, net->W1, 2.0 * reg);

    col_sum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
