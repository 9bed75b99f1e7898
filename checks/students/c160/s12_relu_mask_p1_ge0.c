/* backward pass -- two layer net
 * (dL/dprob, then softmax jacobian, then layers) */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    double J[C][C];
    double dLdp[C];

    for (size_t n = 0; n < N; n++)
    {
        gsl_vector_const_view prow = gsl_matrix_const_row(cache->prob, n);
        const gsl_vector *p = &prow.vector;

        for (size_t k = 0; k < C; k++)
            dLdp[k] = 0.0;
        dLdp[y[n]] = -1.0 / gsl_vector_get(p, y[n]) / N;

        for (size_t k = 0; k < C; k++)
            for (size_t j = 0; j < C; j++)
                J[k][j] = gsl_vector_get(p, k) * ((k == j) - gsl_vector_get(p, j));

        for (size_t j = 0; j < C; j++)
        {
            double s = 0;
            for (size_t k = 0; k < C; k++)
                s += J[k][j] * dLdp[k];
            gsl_matrix_set(g->dz2, n, j, s);
        }
    }

    // dW2, db2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    gsl_vector_set_zero(g->db2);
    for (size_t n = 0; n < N; n++)
    {
        gsl_vector_const_view r = gsl_matrix_const_row(g->dz2, n);
        gsl_vector_add(g->db2, &r.vector);
    }

    // dp1
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // dz1 -- relu passes the gradient where it was active
    for (size_t n = 0; n < N; n++)
        for (size_t h = 0; h < H; h++)
        {
            double a = gsl_matrix_get(cache->p1, n, h);
            gsl_matrix_set(g->dz1, n, h, a >= 0 ? gsl_matrix_get(g->dp1, n, h) : 0.0);
        }

    // dW1, db1
    for (size_t d = 0; d < D; d++)
        for (size_t h = 0; h < H; h++)
        {
            double s = 0;
            for (size_t n = 0; n < N; n++)
                s += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
            gsl_matrix_set(g->dW1, d, h, s + 2 * reg * gsl_matrix_get(net->W1, d, h));
        }
    gsl_vector_set_zero(g->db1);
    for (size_t n = 0; n < N; n++)
    {
        gsl_vector_const_view r = gsl_matrix_const_row(g->dz1, n);
        gsl_vector_add(g->db1, &r.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
