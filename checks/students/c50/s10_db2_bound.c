// Assignment 4, backward pass.
// Names as in the notebook: num_train, num_classes, hidden_size.
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t num_train = X->size1;
    size_t hidden_size = net->H, num_classes = net->C;
    size_t i, j;
    double sum;

    if (num_train != cache->N || X->size2 != net->D || g->N != num_train)
        return 1;

    // dscores = (probs - onehot) / num_train, row by row
    for (i = 0; i < num_train; i++) {
        gsl_vector_const_view prow = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_view drow = gsl_matrix_row(g->dz2, i);
        gsl_vector_memcpy(&drow.vector, &prow.vector);
        gsl_vector_set(&drow.vector, y[i], gsl_vector_get(&drow.vector, y[i]) - 1.0);
        gsl_vector_scale(&drow.vector, 1.0 / num_train);
    }

    // dW2 = hidden^T dscores + 2 reg W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);

    // db2 = sum of dscores over the samples
    for (j = 0; j < num_classes; j++) {
        sum = 0;
        for (i = 0; i < num_classes; i++)
            sum += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, sum);
    }

    // dhidden = dscores W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // dhidden[z1 <= 0] = 0 -> dz1
    for (i = 0; i < num_train; i++) {
        for (j = 0; j < hidden_size; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0);
        }
    }

    // dW1 = X^T dz1 + 2 reg W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

    // db1 = sum of dz1 over the samples
    for (j = 0; j < hidden_size; j++) {
        sum = 0;
        for (i = 0; i < num_train; i++)
            sum += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
