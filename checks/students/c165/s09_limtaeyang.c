/* Lim Taeyang, HW2: backward pass */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* bias grad = column sum */
static void colsum(const gsl_matrix *A, gsl_vector *s)
{
    size_t i;

    gsl_vector_set_zero(s);
    for (i = 0; i < A->size1; i++)
    {
        gsl_vector_const_view row = gsl_matrix_const_row(A, i);
        gsl_blas_daxpy(1.0, &row.vector, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    const double invN = 1.0 / (double) N;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 = (softmax - onehot) / N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
    {
        double *row = gsl_matrix_ptr(g->dz2, i, 0);
        row[y[i]] -= 1.0;
        for (j = 0; j < net->C; j++)
            row[j] *= invN;
    }

    /* dW2, db2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);
    colsum(g->dz2, g->db2);

    /* dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, cache->prob, net->W2,
                   0.0, g->dp1);

    /* dz1: relu passes the gradient only where z1 > 0 */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < net->H; j++)
        {
            double v = 0.0;
            if (gsl_matrix_get(cache->z1, i, j) > 0.0)
                v = gsl_matrix_get(g->dp1, i, j);
            gsl_matrix_set(g->dz1, i, j, v);
        }
    }

    /* dW1, db1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                   2.0 * reg, g->dW1);
    colsum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
