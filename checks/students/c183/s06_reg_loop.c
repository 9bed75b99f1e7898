/* backward.c   (lab 5)
 *
 * per-sample backward pass.  For each sample i:
 *   dz2_i = (p_i - e_{y_i}) / N
 *   dW2  += a_i dz2_i^T + reg term      db2 += dz2_i
 *   dp1_i = W2 dz2_i,  dz1_i = dp1_i * (z1_i > 0)
 *   dW1  += x_i dz1_i^T                  db1 += dz1_i
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C, D = net->D;
    size_t i, h;
    gsl_matrix *regW2, *regW1;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* the two reg terms, 2*reg*W */
    regW2 = gsl_matrix_alloc(H, C);
    regW1 = gsl_matrix_alloc(D, H);
    gsl_matrix_memcpy(regW2, net->W2);
    gsl_matrix_scale(regW2, 2.0 * reg);
    gsl_matrix_memcpy(regW1, net->W1);
    gsl_matrix_scale(regW1, 2.0 * reg);

    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db1);

    for (i = 0; i < N; i++) {
        gsl_vector_const_view x_i = gsl_matrix_const_row(X, i);
        gsl_vector_const_view a_i = gsl_matrix_const_row(cache->p1, i);
        gsl_vector_const_view z_i = gsl_matrix_const_row(cache->z1, i);
        gsl_vector_view dz2_i = gsl_matrix_row(g->dz2, i);
        gsl_vector_view dp1_i = gsl_matrix_row(g->dp1, i);
        gsl_vector_view dz1_i = gsl_matrix_row(g->dz1, i);

        gsl_matrix_get_row(&dz2_i.vector, cache->prob, i);
        gsl_vector_set(&dz2_i.vector, y[i], gsl_vector_get(&dz2_i.vector, y[i]) - 1.0);
        gsl_vector_scale(&dz2_i.vector, 1.0 / (double) N);

        /* layer 2 (+ reg) */
        gsl_blas_dger(1.0, &a_i.vector, &dz2_i.vector, g->dW2);
        gsl_matrix_add(g->dW2, regW2);
        gsl_blas_daxpy(1.0, &dz2_i.vector, g->db2);

        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dz2_i.vector, 0.0, &dp1_i.vector);
        for (h = 0; h < H; h++)
            gsl_vector_set(&dz1_i.vector, h,
                           gsl_vector_get(&z_i.vector, h) > 0.0 ? gsl_vector_get(&dp1_i.vector, h) : 0.0);

        /* layer 1 */
        gsl_blas_dger(1.0, &x_i.vector, &dz1_i.vector, g->dW1);
        gsl_blas_daxpy(1.0, &dz1_i.vector, g->db1);
    }
    gsl_matrix_add(g->dW1, regW1);

    gsl_matrix_free(regW2);
    gsl_matrix_free(regW1);
    g->present = BP_GRADS_ALL;
    return 0;
}
