/* backward.c : backprop through the 2-layer net, sample-wise
 *
 * loss = 1/N sum_i CE_i + reg (|W1|^2 + |W2|^2)
 * every per-sample quantity below is divided by N (the mean), the reg
 * gradient 2 reg W is added at the very end.
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void
add_reg(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    size_t r, c;
    for (r = 0; r < W->size1; r++)
        for (c = 0; c < W->size2; c++)
            dW->data[r * dW->tda + c] += 2.0 * reg * W->data[r * W->tda + c];
}

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    const double m = (double) N;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix_set_zero(g->dW1);
    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db1);
    gsl_vector_set_zero(g->db2);

    for (i = 0; i < N; i++)
    {
        gsl_vector_const_view x = gsl_matrix_const_row(X, i);
        gsl_vector_const_view a = gsl_matrix_const_row(cache->p1, i);
        gsl_vector_const_view z = gsl_matrix_const_row(cache->z1, i);
        gsl_vector_view e2 = gsl_matrix_row(g->dz2, i);
        gsl_vector_view ea = gsl_matrix_row(g->dp1, i);
        gsl_vector_view e1 = gsl_matrix_row(g->dz1, i);
        double *pe;

        gsl_matrix_get_row(&e2.vector, cache->prob, i);
        pe = gsl_vector_ptr(&e2.vector, y[i]);
        *pe -= 1.0;
        gsl_vector_scale(&e2.vector, 1.0 / m);

        gsl_blas_dger(1.0, &a.vector, &e2.vector, g->dW2);
        gsl_blas_daxpy(1.0, &e2.vector, g->db2);

        /* back through W2 (mean over the batch) */
        gsl_blas_dgemv(CblasNoTrans, 1.0 / m, net->W2, &e2.vector, 0.0, &ea.vector);

        for (j = 0; j < net->H; j++)
        {
            double zz = gsl_vector_get(&z.vector, j);
            gsl_vector_set(&e1.vector, j, zz > 0.0 ? gsl_vector_get(&ea.vector, j) : 0.0);
        }

        gsl_blas_dger(1.0, &x.vector, &e1.vector, g->dW1);
        gsl_blas_daxpy(1.0, &e1.vector, g->db1);
    }

    add_reg(g->dW2, net->W2, reg);
    add_reg(g->dW1, net->W1, reg);

    g->present = BP_GRADS_ALL;
    return 0;
}
