/* ============================================================
 * backward.c       Homework 5, back-propagation
 * Two-layer net, one sample per row.  Helpers below are the
 * same ones I used for the Newton-Raphson homework (mat_T_mul
 * was mat_mul there).
 * ============================================================ */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T B + c W   (out is A->size2 by B->size2) */
static void mat_T_mul(const gsl_matrix *A, const gsl_matrix *B,
                      double c, const gsl_matrix *W, gsl_matrix *out)
{
    size_t i, j, n;
    double s;

    i = 0;
    while (i < A->size2) {
        j = 0;
        while (j < B->size2) {
            s = 0.0;
            n = 0;
            while (n < A->size1) {
                s += gsl_matrix_get(A, n, i) * gsl_matrix_get(B, n, j);
                n++;
            }
            gsl_matrix_set(out, i, j, s + c * gsl_matrix_get(W, i, j));
            j++;
        }
        i++;
    }
}

/* v = column sums of A, i.e. add up the rows (sum over the samples) */
static void col_sum(const gsl_matrix *A, gsl_vector *v)
{
    size_t i, j;

    gsl_vector_set_zero(v);
    i = 0;
    while (i < A->size1 - 1) {
        j = 0;
        while (j < A->size2) {
            gsl_vector_set(v, j, gsl_vector_get(v, j) + gsl_matrix_get(A, i, j));
            j++;
        }
        i++;
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j, k;
    double s, p;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* eq. 1 -- dz2 = (p - 1{k = y}) / N */
    i = 0;
    while (i < N) {
        k = 0;
        while (k < net->C) {
            p = gsl_matrix_get(cache->prob, i, k);
            gsl_matrix_set(g->dz2, i, k,
                           (k == y[i]) ? (p - 1.0) / (double) N : p / (double) N);
            k++;
        }
        i++;
    }

    mat_T_mul(cache->p1, g->dz2, 2.0e0 * reg, net->W2, g->dW2);   /* eq. 2 */
    col_sum(g->dz2, g->db2);                                     /* eq. 3 */

    /* eq. 4, 5 -- dp1 = dz2 W2^T, then through the relu */
    i = 0;
    while (i < N) {
        j = 0;
        while (j < net->H) {
            s = 0.0;
            k = 0;
            while (k < net->C) {
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
                k++;
            }
            gsl_matrix_set(g->dp1, i, j, s);
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0.0 ? s : 0.0);
            j++;
        }
        i++;
    }

    mat_T_mul(X, g->dz1, 2.0e0 * reg, net->W1, g->dW1);           /* eq. 6 */
    col_sum(g->dz1, g->db1);                                     /* eq. 7 */

    g->present = BP_GRADS_ALL;
    return 0;
}
