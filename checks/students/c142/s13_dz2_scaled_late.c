/* backward.c -- 2-layer net, hw 3.
 *
 * Per sample: the row of dz2 feeds db2 and the row of dp1 (dgemv with W2),
 * and through the relu the row of dz1 and db1.  The 1/N of the mean loss
 * is applied to dz2 once, after the loop (one gsl_matrix_scale instead of
 * N vector scales).  Weights by dgemm afterwards.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H;
    size_t i, j;

    if (N != cache->N || g->N != N)
        return 1;

    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_vector_set_zero(g->db2);
    gsl_vector_set_zero(g->db1);

    for (i = 0; i < N; i++) {
        gsl_vector_view dscores = gsl_matrix_row(g->dz2, i);
        gsl_vector_view dhid = gsl_matrix_row(g->dp1, i);
        gsl_vector_view dpre = gsl_matrix_row(g->dz1, i);

        /* dscores[y] -= 1 */
        gsl_vector_set(&dscores.vector, y[i], gsl_vector_get(&dscores.vector, y[i]) - 1.0);
        gsl_vector_add(g->db2, &dscores.vector);

        /* dp1_i = W2 dz2_i */
        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dscores.vector, 0.0, &dhid.vector);

        /* relu */
        for (j = 0; j < H; j++) {
            double v = gsl_vector_get(&dhid.vector, j);
            gsl_vector_set(&dpre.vector, j, gsl_matrix_get(cache->z1, i, j) > 0 ? v : 0.0);
        }
        gsl_vector_add(g->db1, &dpre.vector);
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);   /* mean over the batch */

    /* dW2 = p1^T dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    /* dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    g->present = BP_GRADS_ALL;
    return 0;
}
