// Backward pass -- sample by sample.
// The lecture said dW = sum over samples of (input of the layer) outer
// (gradient at the output), so I literally do that with gsl_blas_dger,
// one rank-1 update per row.  Rows are taken as vector views.

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    const double invN = 1.0 / (double) N;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // weight grads start at the regulariser 2*reg*W, bias grads at 0
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_vector_set_zero(g->db2);
    gsl_vector_set_zero(g->db1);

    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view x    = gsl_matrix_const_row(X, i);
        gsl_vector_const_view z1   = gsl_matrix_const_row(cache->z1, i);
        gsl_vector_const_view p1   = gsl_matrix_const_row(cache->p1, i);
        gsl_vector_const_view prob = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_view dz2 = gsl_matrix_row(g->dz2, i);
        gsl_vector_view dp1 = gsl_matrix_row(g->dp1, i);
        gsl_vector_view dz1 = gsl_matrix_row(g->dz1, i);

        // softmax + cross entropy: (p - e_y) / N
        gsl_vector_memcpy(&dz2.vector, &prob.vector);
        *gsl_vector_ptr(&dz2.vector, y[i]) -= 1.0;
        gsl_vector_scale(&dz2.vector, invN);

        // layer 2
        gsl_blas_dger(1.0, &p1.vector, &dz2.vector, g->dW2);
        gsl_vector_add(g->db2, &dz2.vector);
        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dz2.vector, 0.0, &dp1.vector);

        // relu
        for (size_t j = 0; j < net->H; j++)
            gsl_vector_set(&dz1.vector, j,
                           gsl_vector_get(&z1.vector, j) > 0 ? gsl_vector_get(&dp1.vector, j) : 0);

        // layer 1
        gsl_blas_dger(1.0, &x.vector, &dz1.vector, g->dW1);
        gsl_vector_add(g->db1, &dz1.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
