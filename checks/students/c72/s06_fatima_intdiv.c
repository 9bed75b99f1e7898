/******************************************************************
 * Machine Learning 1 -- Assignment 3, part 2 (backward pass)
 * Author: Fatima Z.
 *
 * Uses GSL BLAS for all the matrix products.
 ******************************************************************/
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t number_of_samples = X->size1;
    size_t sample, hidden_unit, class_index;

    if (number_of_samples != cache->N || X->size2 != net->D)
    {
        return 1;
    }

    /* gradient of the softmax loss w.r.t. the scores */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (sample = 0; sample < number_of_samples; sample++)
    {
        class_index = y[sample];
        gsl_matrix_set(g->dz2, sample, class_index,
                       gsl_matrix_get(g->dz2, sample, class_index) - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1 / number_of_samples);   /* average over batch */

    /* second layer weights: dW2 = p1^T * dz2 + 2 * reg * W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    /* second layer bias */
    for (class_index = 0; class_index < net->C; class_index++)
    {
        gsl_vector_const_view column = gsl_matrix_const_column(g->dz2, class_index);
        double total = 0.0;
        for (sample = 0; sample < number_of_samples; sample++)
        {
            total += gsl_vector_get(&column.vector, sample);
        }
        gsl_vector_set(g->db2, class_index, total);
    }

    /* back into the hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu */
    for (sample = 0; sample < number_of_samples; sample++)
    {
        for (hidden_unit = 0; hidden_unit < net->H; hidden_unit++)
        {
            double upstream = gsl_matrix_get(g->dp1, sample, hidden_unit);
            double activation = gsl_matrix_get(cache->z1, sample, hidden_unit);
            gsl_matrix_set(g->dz1, sample, hidden_unit, activation > 0.0 ? upstream : 0.0);
        }
    }

    /* first layer weights */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* first layer bias */
    for (hidden_unit = 0; hidden_unit < net->H; hidden_unit++)
    {
        gsl_vector_const_view column = gsl_matrix_const_column(g->dz1, hidden_unit);
        double total = 0.0;
        for (sample = 0; sample < number_of_samples; sample++)
        {
            total += gsl_vector_get(&column.vector, sample);
        }
        gsl_vector_set(g->db1, hidden_unit, total);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
