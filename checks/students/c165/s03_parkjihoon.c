/*
 * Park Jihoon
 * Deep Learning HW #2 : backward pass, affine - relu - affine - softmax
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* db = dZ^T * 1 */
static int bias_grad(const gsl_matrix *dZ, gsl_vector *db)
{
    gsl_vector *ones = gsl_vector_alloc(dZ->size1);
    if (ones == NULL)
        return 1;
    gsl_vector_set_all(ones, 1.0);
    gsl_blas_dgemv(CblasTrans, 1.0, dZ, ones, 0.0, db);
    gsl_vector_free(ones);
    return 0;
}

/* dW = A^T dZ + 2*reg*W */
static int weight_grad(const gsl_matrix *A, const gsl_matrix *dZ,
                       const gsl_matrix *W, double reg, gsl_matrix *dW)
{
    gsl_matrix *tmp = gsl_matrix_alloc(W->size1, W->size2);
    if (tmp == NULL)
        return 1;
    gsl_matrix_memcpy(tmp, W);
    gsl_matrix_scale(tmp, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, dZ, 0.0, dW);
    gsl_matrix_add(dW, tmp);
    gsl_matrix_free(tmp);
    return 0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;
    int err = 0;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* gradient of the scores */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
    {
        gsl_vector_view row = gsl_matrix_row(g->dz2, i);
        gsl_vector_set(&row.vector, y[i], gsl_vector_get(&row.vector, y[i]) - 1.0);
        gsl_vector_scale(&row.vector, 1.0 / N);
    }

    err |= weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2);
    err |= bias_grad(g->dz2, g->db2);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu backward: copy dp1, then zero where the unit was off */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < net->H; j++)
        {
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    err |= weight_grad(X, g->dz1, net->W1, reg, g->dW1);
    err |= bias_grad(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return err;
}
