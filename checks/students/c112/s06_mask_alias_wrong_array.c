/* backward.c
 * short names for g's arrays so the formulas read like the notes */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    gsl_matrix *dz2 = g->dz2, *dW2 = g->dW2, *dp = g->dp1, *dz = g->dz1, *dW1 = g->dW1;
    gsl_vector *db2 = g->db2, *db1 = g->db1;
    const gsl_matrix *z1 = cache->z1, *a1 = cache->p1;
    size_t N = X->size1, i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 = (probs - Y) / N */
    gsl_matrix_memcpy(dz2, cache->prob);
    for (i = 0; i < N; i++)
        *gsl_matrix_ptr(dz2, i, y[i]) -= 1.0;
    gsl_matrix_scale(dz2, 1.0 / (double)N);

    /* dW2 = a1' dz2 + 2 reg W2 */
    gsl_matrix_memcpy(dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, a1, dz2, 2.0 * reg, dW2);

    /* db2 = sum over samples */
    gsl_vector_set_zero(db2);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(dz2, i);
        gsl_vector_add(db2, &r.vector);
    }

    /* dp = dz2 W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dz2, net->W2, 0.0, dp);

    /* dz = dp * relu'(z1) -- copy first so dp stays the real dp1 */
    gsl_matrix_memcpy(dz, dp);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (gsl_matrix_get(z1, i, j) <= 0)
                gsl_matrix_set(dp, i, j, 0.0);

    /* dW1 = X' dz + 2 reg W1 */
    gsl_matrix_memcpy(dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dz, 2.0 * reg, dW1);

    /* db1 */
    gsl_vector_set_zero(db1);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(dz, i);
        gsl_vector_add(db1, &r.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
