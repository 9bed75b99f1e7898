/* backward.c  -- assignment 4
 *
 * Two loops over the samples: the first does the output layer
 * (dz2, dW2, db2), the second goes back through W2 and the relu.
 * The regularisation is added at the end.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H;
    size_t i, k;
    gsl_vector_view dout;          /* current row of dz2 */
    gsl_vector *relu_d = gsl_vector_alloc(H);

    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++)
    {
        gsl_vector_const_view sm = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_const_view act = gsl_matrix_const_row(cache->p1, i);

        dout = gsl_matrix_row(g->dz2, i);
        gsl_vector_memcpy(&dout.vector, &sm.vector);
        gsl_vector_set(&dout.vector, y[i], gsl_vector_get(&sm.vector, y[i]) - 1.0);
        gsl_vector_scale(&dout.vector, 1.0 / N);

        gsl_blas_dger(1.0, &act.vector, &dout.vector, g->dW2);
        gsl_vector_add(g->db2, &dout.vector);
    }

    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++)
    {
        gsl_vector_const_view xin = gsl_matrix_const_row(X, i);
        gsl_vector_view dhid = gsl_matrix_row(g->dp1, i);
        gsl_vector_view dpre = gsl_matrix_row(g->dz1, i);

        /* back through W2: dp1_i = W2 dz2_i */
        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dout.vector, 0.0, &dhid.vector);

        /* relu derivative as a 0/1 vector */
        for (k = 0; k < H; k++)
            gsl_vector_set(relu_d, k, gsl_matrix_get(cache->z1, i, k) > 0 ? 1.0 : 0.0);
        gsl_vector_memcpy(&dpre.vector, &dhid.vector);
        gsl_vector_mul(&dpre.vector, relu_d);

        gsl_blas_dger(1.0, &xin.vector, &dpre.vector, g->dW1);
        gsl_vector_add(g->db1, &dpre.vector);
    }

    /* L2: + 2 reg W */
    for (k = 0; k < H; k++)
    {
        gsl_vector_view a = gsl_matrix_row(g->dW2, k);
        gsl_vector_const_view b = gsl_matrix_const_row(net->W2, k);
        gsl_blas_daxpy(2.0 * reg, &b.vector, &a.vector);
    }
    for (k = 0; k < net->D; k++)
    {
        gsl_vector_view a = gsl_matrix_row(g->dW1, k);
        gsl_vector_const_view b = gsl_matrix_const_row(net->W1, k);
        gsl_blas_daxpy(2.0 * reg, &b.vector, &a.vector);
    }

    gsl_vector_free(relu_d);
    g->present = BP_GRADS_ALL;
    return 0;
}
