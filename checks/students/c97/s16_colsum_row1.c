/* backward.c -- lab 3 backprop
 *
 * weight gradients as a sum over samples of outer products (dger),
 * bias gradients with the colsum helper below.
 */

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out[j] = sum over all rows i of m[i][j] */
static void colsum(const gsl_matrix *m, gsl_vector *out)
{
    size_t i, j;
    double acc;

    for (j = 0; j < m->size2; j++) {
        acc = 0.0;
#ifdef DEBUG
        printf("colsum: col %zu, row 0 = %f\n", j, gsl_matrix_get(m, 0, j));
#endif
        for (i = 1; i < m->size1; i++)
            acc += gsl_matrix_get(m, i, j);
        gsl_vector_set(out, j, acc);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i, j;
    double tmp;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        tmp = gsl_matrix_get(g->dz2, i, y[i]) - 1.0;
        gsl_matrix_set(g->dz2, i, y[i], tmp);
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* dW2 = 2 reg W2 + sum_i p1[i]^T dz2[i] */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view a = gsl_matrix_const_row(cache->p1, i);
        gsl_vector_const_view b = gsl_matrix_const_row(g->dz2, i);
        gsl_blas_dger(1.0, &a.vector, &b.vector, g->dW2);
    }

    colsum(g->dz2, g->db2);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++) {
            tmp = gsl_matrix_get(g->dp1, i, j);
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? tmp : 0.0);
        }
    // printf("dz1[0][0]=%f\n", gsl_matrix_get(g->dz1, 0, 0));

    /* dW1 = 2 reg W1 + sum_i x[i]^T dz1[i] */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view a = gsl_matrix_const_row(X, i);
        gsl_vector_const_view b = gsl_matrix_const_row(g->dz1, i);
        gsl_blas_dger(1.0, &a.vector, &b.vector, g->dW1);
    }

    colsum(g->dz1, g->db1);
#ifdef DEBUG
    printf("db2[0] %f db1[0] %f\n", gsl_vector_get(g->db2, 0), gsl_vector_get(g->db1, 0));
#endif

    g->present = BP_GRADS_ALL;
    return 0;
}
