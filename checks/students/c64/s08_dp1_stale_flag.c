/* backward.c -- HW3, attempt 2
 *
 * Attempt 1 was loops only.  dp1 and dW1 have a dgemm path now (use_blas),
 * the loops are kept to compare.  BLAS path is the live one now.
 */
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

static int debug = 0;

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    int use_blas = 0;   /* TODO set to 1 once dgemm transposes are right */

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++) {
            double p = gsl_matrix_get(cache->prob, i, k);
            gsl_matrix_set(g->dz2, i, k, (k == y[i] ? p - 1.0 : p) / (double)N);
        }

    /* dW2, db2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, s + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
        }
    for (k = 0; k < C; k++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    /* dp1 */
    if (use_blas) {
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    } else {
        for (i = 0; i < N; i++) {
            double acc = 0.0;
            for (j = 0; j < H; j++) {
                for (k = 0; k < C; k++)
                    acc += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
                gsl_matrix_set(g->dp1, i, j, acc);
            }
        }
    }
    if (debug)
        fprintf(stderr, "dp1[0][1] = %g\n", gsl_matrix_get(g->dp1, 0, 1));

    /* dz1 */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (!(gsl_matrix_get(cache->z1, i, j) > 0))
                gsl_matrix_set(g->dz1, i, j, 0.0);

    /* dW1 */
    if (use_blas) {
        gsl_matrix_memcpy(g->dW1, net->W1);
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    } else {
        for (k = 0; k < D; k++)
            for (j = 0; j < H; j++) {
                double s = 2.0 * reg * gsl_matrix_get(net->W1, k, j);
                for (i = 0; i < N; i++)
                    s += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
                gsl_matrix_set(g->dW1, k, j, s);
            }
    }

    /* db1 */
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
