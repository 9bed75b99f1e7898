// backward.c -- 2 layer net backward, per sample
// scores -> dscores -> (dW2, db2) -> dhidden -> relu -> (dW1, db1)

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C, D = net->D;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db1);

    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view scores = gsl_matrix_const_row(cache->z2, i);
        gsl_vector_const_view hidden = gsl_matrix_const_row(cache->p1, i);
        gsl_vector_const_view hpre = gsl_matrix_const_row(cache->z1, i);
        gsl_vector_const_view xi = gsl_matrix_const_row(X, i);
        gsl_vector_view dscores = gsl_matrix_row(g->dz2, i);
        gsl_vector_view dhidden = gsl_matrix_row(g->dp1, i);
        gsl_vector_view dhpre = gsl_matrix_row(g->dz1, i);

        // dscores = (softmax(scores) - 1{y}) / N
        for (size_t c = 0; c < C; c++) {
            double d = gsl_vector_get(&scores.vector, c);
            if (c == y[i])
                d -= 1.0;
            gsl_vector_set(&dscores.vector, c, d / N);
        }

        gsl_blas_dger(1.0, &hidden.vector, &dscores.vector, g->dW2);
        gsl_blas_daxpy(1.0, &dscores.vector, g->db2);

        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dscores.vector, 0.0, &dhidden.vector);

        for (size_t h = 0; h < H; h++) {
            if (gsl_vector_get(&hpre.vector, h) > 0)
                gsl_vector_set(&dhpre.vector, h, gsl_vector_get(&dhidden.vector, h));
            else
                gsl_vector_set(&dhpre.vector, h, 0);
        }

        gsl_blas_dger(1.0, &xi.vector, &dhpre.vector, g->dW1);
        gsl_blas_daxpy(1.0, &dhpre.vector, g->db1);
    }

    // regularization gradient
    for (size_t h = 0; h < H; h++)
        for (size_t c = 0; c < C; c++)
            gsl_matrix_set(g->dW2, h, c, gsl_matrix_get(g->dW2, h, c) + 2 * reg * gsl_matrix_get(net->W2, h, c));
    for (size_t d = 0; d < D; d++)
        for (size_t h = 0; h < H; h++)
            gsl_matrix_set(g->dW1, d, h, gsl_matrix_get(g->dW1, d, h) + 2 * reg * gsl_matrix_get(net->W1, d, h));

    g->present = BP_GRADS_ALL;
    return 0;
}
