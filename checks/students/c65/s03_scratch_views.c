/*
 * Backward pass for the two layer network (assignment 2).
 *
 * To save memory I only allocate ONE scratch array, big enough for the
 * largest matrix I need (the relu mask, N x H, or the reg term of W1,
 * D x H), and put gsl_matrix views over it when I need a temporary.
 */
#include <stdlib.h>
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t batch_size = X->size1;
    size_t num_hidden = net->H, num_inputs = net->D;
    size_t scratch_len, row, col;
    double *scratch_memory;

    if (batch_size != cache->N || num_inputs != X->size2 || g->N != batch_size)
        return 1;

    scratch_len = batch_size * num_hidden;
    if (num_inputs * num_hidden > scratch_len)
        scratch_len = num_inputs * num_hidden;
    scratch_memory = malloc(scratch_len * sizeof(double));
    if (scratch_memory == NULL)
        return 1;

    /* ---- output layer ---- */
    gsl_matrix *score_grad = g->dz2;
    gsl_matrix_memcpy(score_grad, cache->prob);
    for (row = 0; row < batch_size; row++) {
        double correct_class_prob = gsl_matrix_get(score_grad, row, y[row]);
        gsl_matrix_set(score_grad, row, y[row], correct_class_prob - 1.0);
    }
    gsl_matrix_scale(score_grad, 1.0 / batch_size);

    /* dW2: data part into g->dW2, then add the regularisation part */
    gsl_matrix *output_weight_grad = g->dW2;
    gsl_matrix_view reg_term_W2 =
        gsl_matrix_view_array(scratch_memory, net->H, net->C);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, score_grad,
                   0.0, output_weight_grad);
    gsl_matrix_memcpy(&reg_term_W2.matrix, net->W2);
    gsl_matrix_scale(&reg_term_W2.matrix, 2.0 * reg);
    gsl_matrix_add(output_weight_grad, &reg_term_W2.matrix);

    /* db2 */
    gsl_vector_set_zero(g->db2);
    for (row = 0; row < batch_size; row++) {
        gsl_vector_view score_grad_row = gsl_matrix_row(score_grad, row);
        gsl_vector_add(g->db2, &score_grad_row.vector);
    }

    /* ---- hidden layer ---- */
    gsl_matrix *dh = g->dp1;
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, score_grad, net->W2, 0.0, dh);

    /* relu mask: 1 where z1 > 0, else 0, then multiply elementwise */
    gsl_matrix_view relu_mask =
        gsl_matrix_view_array(scratch_memory, batch_size, num_hidden);
    for (row = 0; row < batch_size; row++)
        for (col = 0; col < num_hidden; col++)
            gsl_matrix_set(&relu_mask.matrix, row, col,
                           gsl_matrix_get(cache->z1, row, col) > 0.0 ? 1.0 : 0.0);
    gsl_matrix_memcpy(g->dz1, dh);
    gsl_matrix_mul_elements(g->dz1, &relu_mask.matrix);

    /* dW1 = X' dz1 (into g->dW1 as the temporary) + 2 reg W1 */
    gsl_matrix_view reg_term_W1 =
        gsl_matrix_view_array(scratch_memory, num_inputs, num_hidden);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    gsl_matrix_memcpy(&reg_term_W1.matrix, net->W1);
    gsl_matrix_scale(&reg_term_W1.matrix, 2.0 * reg);
    gsl_matrix_add(g->dW1, &reg_term_W1.matrix);

    /* db1 */
    gsl_vector_set_zero(g->db1);
    for (row = 0; row < batch_size; row++) {
        gsl_vector_const_view hidden_grad_row = gsl_matrix_const_row(g->dz1, row);
        gsl_vector_add(g->db1, &hidden_grad_row.vector);
    }

    free(scratch_memory);
    g->present = BP_GRADS_ALL;
    return 0;
}
