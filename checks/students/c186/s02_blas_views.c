// Homework 2: backward pass (two layer net)
// Tran Thi Thu Ha - 20200187 - class IT3190
// dW2 and dW1 use gsl_blas_dgemm like the lab guide, the rest is loops.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// db = sum of dZ over the samples (over rows)
static void sum_rows(const gsl_matrix *dZ, gsl_vector *db)
{
    for (size_t j = 0; j < dZ->size2; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(dZ, j);
        double total = 0;
        for (size_t i = 0; i < col.vector.size; i++)
            total += gsl_vector_get(&col.vector, i);
        gsl_vector_set(db, j, total);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix *dscores = g->dz2;
    gsl_matrix *dhidden = g->dp1;

    // dscores = probs, then probs[i, y[i]] -= 1, then divide by N
    gsl_matrix_memcpy(dscores, cache->prob);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_view row = gsl_matrix_row(dscores, i);
        double v = gsl_vector_get(&row.vector, y[i]);
        gsl_vector_set(&row.vector, y[i], v - 1.0);
    }
    gsl_matrix_scale(dscores, 1.0 / (double) N);

    // dW2 = hidden^T * dscores  (H x N)(N x C) = (H x C)
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 0.0, g->dW2);
    // regularization: d/dW (reg * W^2) = 2 * reg * W
    for (size_t i = 0; i < H; i++)
        for (size_t j = 0; j < net->C; j++) {
            double w = gsl_matrix_get(net->W2, i, j);
            gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j) + 2.0 * reg * w);
        }

    sum_rows(dscores, g->db2);

    // dhidden = dscores * W2^T
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++) {
            gsl_vector_const_view a = gsl_matrix_const_row(dscores, i);
            gsl_vector_const_view b = gsl_matrix_const_row(net->W2, j);
            double d;
            gsl_blas_ddot(&a.vector, &b.vector, &d);
            gsl_matrix_set(dhidden, i, j, d);
        }

    // relu backward
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++) {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, z > 0 ? gsl_matrix_get(dhidden, i, j) : 0.0);
        }

    // dW1 = X^T * dz1 + 2*reg*W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    sum_rows(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
