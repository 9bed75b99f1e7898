/* backward.c  --  Lab 4, backprop
 * Hamza Qureshi
 *
 * forward was  z1 = X W1 + b1,  h = relu(z1),  z2 = h W2 + b2
 * so backward, per row i:
 *   dz2_i = (prob_i - onehot(y_i)) / N
 *   dW2  += h_i^T dz2_i ,  db2 += dz2_i
 *   dh_i  = dz2_i W2^T ,   dz1_i = dh_i * (z1_i > 0)
 *   dW1  += x_i^T dz1_i ,  db1 += dz1_i
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;
    gsl_vector *dz2_i = gsl_vector_alloc(net->C);
    gsl_vector *dh_i = gsl_vector_alloc(net->H);

    gsl_vector_set_zero(g->dtheta);

    for (i = 0; i < N; i++)
    {
        gsl_vector_const_view prob_i = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_const_view z1_i = gsl_matrix_const_row(cache->z1, i);
        gsl_vector_const_view x_i = gsl_matrix_const_row(X, i);

        gsl_vector_memcpy(dz2_i, &prob_i.vector);
        gsl_vector_set(dz2_i, y[i], gsl_vector_get(dz2_i, y[i]) - 1);
        gsl_vector_scale(dz2_i, 1.0 / N);
        gsl_matrix_set_row(g->dz2, i, dz2_i);

        /* layer 2 params */
        gsl_blas_dger(1.0, &z1_i.vector, dz2_i, g->dW2);
        gsl_vector_add(g->db2, dz2_i);

        /* dh = W2 dz2 */
        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, dz2_i, 0.0, dh_i);
        gsl_matrix_set_row(g->dp1, i, dh_i);

        for (j = 0; j < net->H; j++)
        {
            if (gsl_vector_get(&z1_i.vector, j) <= 0)
                gsl_vector_set(dh_i, j, 0);
        }
        gsl_matrix_set_row(g->dz1, i, dh_i);

        /* layer 1 params */
        gsl_blas_dger(1.0, &x_i.vector, dh_i, g->dW1);
        gsl_vector_add(g->db1, dh_i);
    }

    /* regularization */
    {
        gsl_matrix *tmp = gsl_matrix_alloc(net->H, net->C);
        gsl_matrix_memcpy(tmp, net->W2);
        gsl_matrix_scale(tmp, 2 * reg);
        gsl_matrix_add(g->dW2, tmp);
        gsl_matrix_free(tmp);

        tmp = gsl_matrix_alloc(net->D, net->H);
        gsl_matrix_memcpy(tmp, net->W1);
        gsl_matrix_scale(tmp, 2 * reg);
        gsl_matrix_add(g->dW1, tmp);
        gsl_matrix_free(tmp);
    }

    gsl_vector_free(dz2_i);
    gsl_vector_free(dh_i);
    g->present = BP_GRADS_ALL;
    return 0;
}
