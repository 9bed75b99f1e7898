/* backward.c (lab 3)
 * I let GSL do the elementwise work in place: memcpy, scale, mul_elements,
 * add.  Fewer loops, fewer chances to get an index wrong. */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i, j;
    gsl_matrix *mask;
    gsl_matrix *tmp;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2: softmax minus one-hot, averaged */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_scale(g->dz2, 1.0 / N);
    for (i = 0; i < N; i++)
        *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;

    /* dW2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    tmp = gsl_matrix_alloc(net->H, net->C);
    gsl_matrix_memcpy(tmp, net->W2);
    gsl_matrix_scale(tmp, 2.0 * reg);
    gsl_matrix_add(g->dW2, tmp);
    gsl_matrix_free(tmp);

    /* db2 */
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(g->dz2, i);
        gsl_vector_add(g->db2, &row.vector);
    }

    /* dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 = dp1 .* (z1 > 0) */
    mask = gsl_matrix_alloc(N, net->H);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(mask, i, j, gsl_matrix_get(cache->z1, i, j) > 0.0 ? 1.0 : 0.0);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, mask);
    gsl_matrix_free(mask);

    /* dW1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    tmp = gsl_matrix_alloc(net->D, net->H);
    gsl_matrix_memcpy(tmp, net->W1);
    gsl_matrix_scale(tmp, 2.0 * reg);
    gsl_matrix_add(g->dW1, tmp);
    gsl_matrix_free(tmp);

    /* db1 */
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(g->dz1, i);
        gsl_vector_add(g->db1, &row.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
