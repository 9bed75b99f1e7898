// Assignment 4 - backprop for the 2 layer net
// Uses gsl_blas_dgemm for the matrix products (much faster than loops)
// Layout copied from the example in the forum: output_backward ->
// hidden_backward -> input_backward, each one gets the arrays it needs.

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// dout = (probs - 1 at the label) / N
// dW = A^T dout + 2*reg*W,  db = colsum(dout)
static void output_backward(const gsl_matrix *probs, const size_t *labels,
                            const gsl_matrix *A, const gsl_matrix *W, double reg,
                            gsl_matrix *dout, gsl_matrix *dW, gsl_vector *db)
{
    size_t n = probs->size1;

    gsl_matrix_memcpy(dout, probs);
    for (size_t i = 0; i < n; i++)
    {
        double p = gsl_matrix_get(dout, i, labels[i]);
        gsl_matrix_set(dout, i, labels[i], p - 1.0);
    }
    gsl_matrix_scale(dout, 1.0 / n);

    gsl_matrix_memcpy(dW, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, dout, 2.0 * reg, dW);

    gsl_vector_set_zero(db);
    for (size_t i = 0; i < n; i++)
    {
        gsl_vector_const_view row = gsl_matrix_const_row(dout, i);
        gsl_vector_add(db, &row.vector);
    }
}

// dA = dout W^T, then through the relu: dZ = dA where Z > 0
static void hidden_backward(const gsl_matrix *dout, const gsl_matrix *W,
                            const gsl_matrix *Z, gsl_matrix *dA, gsl_matrix *dZ)
{
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, dA);

    gsl_matrix_memcpy(dZ, dA);
    for (size_t i = 0; i < Z->size1; i++)
    {
        for (size_t j = 0; j < Z->size2; j++)
        {
            if (gsl_matrix_get(Z, i, j) <= 0.0)
                gsl_matrix_set(dZ, i, j, 0.0);
        }
    }
}

static void input_backward(const gsl_matrix *dZ, const gsl_matrix *Xin,
                           const gsl_matrix *W, double reg,
                           gsl_matrix *dW, gsl_vector *db)
{
    gsl_matrix_memcpy(dW, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, Xin, dZ, 2.0 * reg, dW);

    gsl_vector_set_zero(db);
    for (size_t i = 0; i < dZ->size1; i++)
    {
        gsl_vector_const_view row = gsl_matrix_const_row(dZ, i);
        gsl_vector_add(db, &row.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    output_backward(cache->prob, y, cache->p1, net->W2, reg,
                    g->dz2, g->dW2, g->db2);
    hidden_backward(g->dz2, net->W2, cache->z1, g->dp1, g->dz1);
    input_backward(g->dz1, X, net->W1, reg, g->dW1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
