/* backward.c  HW #5   two-layer net, back propagation
 *
 * The matrix products are done with gsl_blas_dgemm (see the BLAS handout),
 * the rest with loops.  Helper functions for the pieces that repeat.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* v_j = sum_i A_ij */
static void sum_rows(const gsl_matrix *A, gsl_vector *v)
{
    size_t i, j;
    double t;

    j = 0;
    while (j < A->size2) {
        t = 0.0;
        i = 0;
        while (i < A->size1) {
            t += gsl_matrix_get(A, i, j);
            i++;
        }
        gsl_vector_set(v, j, t);
        j++;
    }
}

/* dW = In^T dOut + 2 reg W      (eq. 8 and eq. 11) */
static void dweights(const gsl_matrix *In, const gsl_matrix *dOut,
                     const gsl_matrix *W, double reg, gsl_matrix *dW)
{
    gsl_matrix_memcpy(dW, W);
    gsl_matrix_scale(dW, 2.0e0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, In, dOut, 1.0, dW);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;
    double a;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* eq. 7: dz2 = (prob - Y) / N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    i = 0;
    while (i < N) {
        a = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], a - 1.0);
        i++;
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    dweights(cache->p1, g->dz2, net->W2, reg, g->dW2);     /* eq. 8 */
    sum_rows(g->dz2, g->db2);                              /* eq. 9 */

    /* eq. 10: dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* eq. 10a: relu'(x) = 1 for x > 0, 0 otherwise */
    i = 0;
    while (i < N) {
        j = 0;
        while (j < net->H) {
            a = gsl_matrix_get(g->dp1, i, j);
            gsl_matrix_set(g->dz1, i, j, (a > 0.0) ? a : 0.0);
            j++;
        }
        i++;
    }

    dweights(X, g->dz1, net->W1, reg, g->dW1);             /* eq. 11 */
    sum_rows(g->dz1, g->db1);                              /* eq. 12 */

    g->present = BP_GRADS_ALL;
    return 0;
}
