/* backward pass -- two layer network
 *
 * Recomputes the hidden pre-activation for the relu mask, and the
 * softmax for dz2 (row max subtracted), instead of reading them from the
 * cache.  Matrix products with gsl_blas_dgemm.
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n = X->size1, h = net->H, c = net->C, i, j;
    gsl_matrix *pre, *sm;

    if (n != cache->N || X->size2 != net->D || g->N != n)
        return 1;

    /* softmax */
    sm = gsl_matrix_alloc(n, c);
    gsl_matrix_memcpy(sm, cache->z2);
    for (i = 0; i < n; i++) {
        gsl_vector_view r = gsl_matrix_row(sm, i);
        double tot;
        gsl_vector_add_constant(&r.vector, -gsl_vector_max(&r.vector));
        for (j = 0; j < c; j++)
            gsl_vector_set(&r.vector, j, exp(gsl_vector_get(&r.vector, j)));
        tot = gsl_blas_dasum(&r.vector);
        gsl_vector_scale(&r.vector, 1.0 / tot);
    }

    /* dz2 = (softmax - Y)/N */
    for (i = 0; i < n; i++)
        gsl_matrix_set(sm, i, y[i], gsl_matrix_get(sm, i, y[i]) - 1.0);
    gsl_matrix_scale(sm, 1.0 / n);
    gsl_matrix_memcpy(g->dz2, sm);
    gsl_matrix_free(sm);

    /* dW2, db2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < n; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(g->dz2, i);
        gsl_vector_add(g->db2, &r.vector);
    }

    /* dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* pre-activation of the hidden layer, z1 = X W1 */
    pre = gsl_matrix_alloc(n, h);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, X, net->W1, 0.0, pre);

    /* dz1 = dp1 where z1 > 0 */
    for (i = 0; i < n; i++)
        for (j = 0; j < h; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(pre, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0);
    gsl_matrix_free(pre);

    /* dW1, db1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < n; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(g->dz1, i);
        gsl_vector_add(g->db1, &r.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
