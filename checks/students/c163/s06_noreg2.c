// HW3 backward pass
// TODO: clean up before submitting

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t hidden = net->H, classes = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix *dscores = g->dz2;
    gsl_matrix_memcpy(dscores, cache->prob);
    for (size_t n = 0; n < N; n++) {
        double *p = gsl_matrix_ptr(dscores, n, y[n]);
        *p -= 1.0;
    }
    gsl_matrix_scale(dscores, 1.0 / (double)N);

    // grads for W2 and b2 (reg term added below)
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 0.0, g->dW2);

    for (size_t c = 0; c < classes; c++) {
        gsl_vector_const_view col = gsl_matrix_const_column(dscores, c);
        double s = 0.0;
        for (size_t n = 0; n < N; n++)
            s += gsl_vector_get(&col.vector, n);
        gsl_vector_set(g->db2, c, s);
    }

    // backprop into hidden layer
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, g->dp1);

    for (size_t n = 0; n < N; n++) {
        for (size_t h = 0; h < hidden; h++) {
            double grad = gsl_matrix_get(g->dp1, n, h);
            if (gsl_matrix_get(cache->z1, n, h) <= 0)
                grad = 0;
            gsl_matrix_set(g->dz1, n, h, grad);
        }
    }

    // W1 and b1
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    gsl_matrix *regW1 = gsl_matrix_alloc(net->D, hidden);
    gsl_matrix_memcpy(regW1, net->W1);
    gsl_matrix_scale(regW1, 2.0 * reg);
    gsl_matrix_add(g->dW1, regW1);
    gsl_matrix_free(regW1);

    for (size_t h = 0; h < hidden; h++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz1, h);
        double s = 0.0;
        for (size_t n = 0; n < N; n++)
            s += gsl_vector_get(&col.vector, n);
        gsl_vector_set(g->db1, h, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
