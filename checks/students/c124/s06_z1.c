/*
 * backward.c
 *   Z1 = X W1 + b1,  A1 = max(0, Z1),  Z2 = A1 W2 + b2,  P = softmax(Z2)
 *   loss = mean CE + r*(||W1||^2 + ||W2||^2)
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const gsl_matrix *Z1 = cache->z1, *P = cache->prob;
    const gsl_matrix *W1 = net->W1, *W2 = net->W2;
    gsl_matrix *G2 = g->dz2, *GA = g->dp1, *G1 = g->dz1;
    size_t n = X->size1, h = net->H, k = net->C;
    size_t i, j;

    // G2 = (P - Y)/n
    for (i = 0; i < n; i++)
    {
        for (j = 0; j < k; j++)
        {
            double p = gsl_matrix_get(P, i, j);
            gsl_matrix_set(G2, i, j, (j == y[i] ? p - 1.0 : p) / n);
        }
    }

    // dW2 = A1' G2 + 2r W2
    gsl_matrix_memcpy(g->dW2, W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, Z1, G2, 2*reg, g->dW2);

    // db2 = sum over rows
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < n; i++)
    {
        gsl_vector_const_view r = gsl_matrix_const_row(G2, i);
        gsl_vector_add(g->db2, &r.vector);
    }

    // GA = G2 W2'
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, G2, W2, 0.0, GA);

    // G1 = GA .* (Z1 > 0)
    for (i = 0; i < n; i++)
    {
        for (j = 0; j < h; j++)
        {
            double v = gsl_matrix_get(Z1, i, j) > 0 ? gsl_matrix_get(GA, i, j) : 0;
            gsl_matrix_set(G1, i, j, v);
        }
    }

    // dW1 = X' G1 + 2r W1, db1
    gsl_matrix_memcpy(g->dW1, W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, G1, 2*reg, g->dW1);
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < n; i++)
    {
        gsl_vector_const_view r = gsl_matrix_const_row(G1, i);
        gsl_vector_add(g->db1, &r.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
