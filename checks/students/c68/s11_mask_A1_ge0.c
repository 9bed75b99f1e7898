/* backward.c
 *
 *   LINEAR -> RELU -> LINEAR -> SOFTMAX, backward.
 *   Notation of the course (dZ2, dW2, db2, dA1, dZ1, ...), layout of the
 *   library: one example per ROW, so every "W^T dZ" of the lecture is a
 *   "dZ W^T" here and the sums over examples run down the columns.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* relu_backward(dA, activation_cache) from the assignment:
 *   dZ = dA, and dZ = 0 where the unit was off */
static void relu_backward(const gsl_matrix *dA, const gsl_matrix *A, gsl_matrix *dZ)
{
    size_t i, j;
    for (i = 0; i < dA->size1; i++)
        for (j = 0; j < dA->size2; j++) {
            double on = gsl_matrix_get(A, i, j) >= 0.0;
            gsl_matrix_set(dZ, i, j, on * gsl_matrix_get(dA, i, j));
        }
}

/* linear_backward without the 1/m (already in dZ):
 *   dW = A_prev^T dZ + 2 lambd W,  db = sum_i dZ[i],  dA_prev = dZ W^T   */
static void linear_backward(const gsl_matrix *dZ, const gsl_matrix *A_prev,
                            const gsl_matrix *W, double lambd,
                            gsl_matrix *dW, gsl_vector *db, gsl_matrix *dA_prev)
{
    size_t i;
    gsl_matrix_memcpy(dW, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A_prev, dZ, 2.0 * lambd, dW);
    gsl_vector_set_zero(db);
    for (i = 0; i < dZ->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(dZ, i);
        gsl_vector_add(db, &r.vector);
    }
    if (dA_prev != NULL)
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dZ, W, 0.0, dA_prev);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t i, m = X->size1;

    /* dZ2 = (A2 - Y) / m */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < m; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double) m);

    linear_backward(g->dz2, cache->p1, net->W2, reg, g->dW2, g->db2, g->dp1);
    relu_backward(g->dp1, cache->p1, g->dz1);
    linear_backward(g->dz1, X, net->W1, reg, g->dW1, g->db1, NULL);

    g->present = BP_GRADS_ALL;
    return 0;
}
