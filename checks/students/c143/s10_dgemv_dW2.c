/* backward.c -- lab 4, two-layer net.
 * Short names: W1 W2 for the weights, dW1 dW2 db1 db2 for the gradients. */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    gsl_matrix *W1 = net->W1, *W2 = net->W2;
    gsl_matrix *dW1 = g->dW1, *dW2 = g->dW2;
    gsl_vector *db1 = g->db1, *db2 = g->db2;
    size_t N = X->size1, H = net->H;
    size_t i, j;

    /* start from the reg gradient 2*reg*W, biases from 0 */
    gsl_matrix_memcpy(dW1, W1);
    gsl_matrix_scale(dW1, 2.0 * reg);
    gsl_matrix_memcpy(dW2, W2);
    gsl_matrix_scale(dW2, 2.0 * reg);
    gsl_vector_set_zero(db1);
    gsl_vector_set_zero(db2);

    /* output layer for all samples first */
    for (i = 0; i < N; i++) {
        gsl_vector_view dz2 = gsl_matrix_row(g->dz2, i);
        gsl_vector_const_view h = gsl_matrix_const_row(cache->p1, i);
        gsl_vector_const_view p = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_memcpy(&dz2.vector, &p.vector);
        gsl_vector_set(&dz2.vector, y[i], gsl_vector_get(&dz2.vector, y[i]) - 1.0);
        gsl_vector_scale(&dz2.vector, 1.0 / N);
        gsl_blas_dger(1.0, &h.vector, &dz2.vector, dW2);
        gsl_vector_add(db2, &dz2.vector);
    }

    /* hidden layer */
    for (i = 0; i < N; i++) {
        gsl_vector_const_view dz2 = gsl_matrix_const_row(g->dz2, i);
        gsl_vector_const_view x = gsl_matrix_const_row(X, i);
        gsl_vector_view dp1 = gsl_matrix_row(g->dp1, i);
        gsl_vector_view dz1 = gsl_matrix_row(g->dz1, i);

        gsl_blas_dgemv(CblasNoTrans, 1.0, dW2, &dz2.vector, 0.0, &dp1.vector);
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_vector_set(&dz1.vector, j, gsl_vector_get(&dp1.vector, j));
            else
                gsl_vector_set(&dz1.vector, j, 0.0);
        }
        gsl_blas_dger(1.0, &x.vector, &dz1.vector, dW1);
        gsl_vector_add(db1, &dz1.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
