/* backward.c
 * assignment 3 -- backprop
 * the matrices are row major and contiguous so I treat them as one long
 * vector when I only need to scale or add (one BLAS call instead of a loop)
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dscores = probs, minus 1 at the right class, divided by N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
    gsl_vector_view dz2_flat = gsl_vector_view_array(g->dz2->data, N);
    gsl_blas_dscal(1.0 / (double)N, &dz2_flat.vector);

    /* dW2 = p1^T dscores + 2 reg W2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   0.0, g->dW2);
    gsl_vector_const_view W2_flat = gsl_vector_const_view_array(net->W2->data, H * C);
    gsl_vector_view dW2_flat = gsl_vector_view_array(g->dW2->data, H * C);
    gsl_blas_daxpy(2.0 * reg, &W2_flat.vector, &dW2_flat.vector);

    /* db2 */
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        gsl_vector_view row = gsl_matrix_row(g->dz2, i);
        gsl_vector_add(g->db2, &row.vector);
    }

    /* dp1 = dscores W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                   0.0, g->dp1);

    /* relu backward */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                gsl_matrix_set(g->dz1, i, j, 0.0);

    /* dW1 = X^T dz1 + 2 reg W1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    gsl_vector_const_view W1_flat = gsl_vector_const_view_array(net->W1->data, D * H);
    gsl_vector_view dW1_flat = gsl_vector_view_array(g->dW1->data, D * H);
    gsl_blas_daxpy(2.0 * reg, &W1_flat.vector, &dW1_flat.vector);

    /* db1 */
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++) {
        gsl_vector_view row = gsl_matrix_row(g->dz1, i);
        gsl_vector_add(g->db1, &row.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
