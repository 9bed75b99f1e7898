/*
 * Backward propagation (2-layer NN), written after the
 * "Planar data classification with one hidden layer" notebook:
 *
 *     dZ2 = A2 - Y                dW2 = 1/m dZ2 A1.T    db2 = 1/m sum(dZ2)
 *     dZ1 = W2.T dZ2 * g'(Z1)     dW1 = 1/m dZ1 X.T     db1 = 1/m sum(dZ1)
 *
 * but with examples in ROWS (library layout), softmax instead of sigmoid,
 * the 1/m moved into dZ2 once, and the L2 term 2*lambd*W added.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void
sum_rows(const gsl_matrix *M, gsl_vector *out)
{
    size_t j;
    for (j = 0; j < M->size2; j++)
    {
        gsl_vector_const_view col = gsl_matrix_const_column(M, j);
        double s = 0.0;
        size_t i;
        for (i = 0; i < col.vector.size; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(out, j, s);
    }
}

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t m = X->size1;
    double lambd = reg;
    size_t i, j;
    gsl_matrix *dZ2 = g->dz2;
    gsl_matrix *dA1 = g->dp1;
    gsl_matrix *dZ1 = g->dz1;

    /* dZ2 = (A2 - Y) / m */
    gsl_matrix_memcpy(dZ2, cache->prob);
    for (i = 0; i < m; i++)
    {
        double *p = gsl_matrix_ptr(dZ2, i, y[i]);
        *p -= 1.0;
    }
    gsl_matrix_scale(dZ2, 1.0 / (double) m);

    /* dW2 = A1.T dZ2 + 2 lambd W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dZ2,
                   2.0 * lambd, g->dW2);
    sum_rows(dZ2, g->db2);

    /* dA1 = dZ2 W2.T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dZ2, net->W2, 0.0, dA1);

    /* dZ1 = dA1 * (Z1 > 0) */
    for (i = 0; i < m; i++)
    {
        for (j = 0; j < net->H; j++)
        {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(dZ1, i, j, z > 0.0 ? gsl_matrix_get(dA1, i, j) : 0.0);
        }
    }

    /* dW1 = X.T dZ1 + 2 lambd W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dZ1, 2.0 * lambd, g->dW1);
    sum_rows(dA1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
