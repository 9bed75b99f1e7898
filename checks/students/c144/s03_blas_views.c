/* backward.c -- HW 5 (backprop), two layer net
 *
 * Matrix products with gsl_blas_dgemm, as in the lab on least squares.
 * Notation of the notes:   z1 = X W1 + b1    (eq. 9.1)
 *                          p1 = max(0, z1)   (eq. 9.2)
 *                          z2 = p1 W2 + b2   (eq. 9.3)
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* s = sum of the rows of A  (column sums), s has A->size2 entries */
static void column_sums(const gsl_matrix *A, gsl_vector *s)
{
    size_t i;

    gsl_vector_set_zero(s);
    for (i = 0; i < A->size1; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(A, i);
        gsl_vector_add(s, &row.vector);
    }
}

/* dW = A^T dZ + 2 reg W   (eqs. 9.13 and 9.17 have the same form) */
static void weight_grad(const gsl_matrix *A, const gsl_matrix *dZ,
                        const gsl_matrix *W, double reg, gsl_matrix *dW)
{
    gsl_matrix_memcpy(dW, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0e0 * reg, dW);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;
    double yi_entry;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* eq. 9.12: dz2 = (P - Y)/N, done in place on a copy of P */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        yi_entry = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], yi_entry - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* eqs. 9.13, 9.14 */
    weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2);
    column_sums(g->dz2, g->db2);

    /* eq. 9.15: dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* eq. 9.16: copy dp1 and zero the entries where the unit was off.
       p1 > 0 exactly when z1 > 0, so p1 can be used for the test. */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (!(gsl_matrix_get(cache->p1, i, j) > 0.0))
                gsl_matrix_set(g->dz1, i, j, 0.0);

    /* eqs. 9.17, 9.18 */
    weight_grad(X, g->dz1, net->W1, reg, g->dW1);
    column_sums(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
