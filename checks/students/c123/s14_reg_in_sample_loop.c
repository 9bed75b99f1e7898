/*
 * Assignment 3 -- backward pass, accumulated sample by sample.
 *
 * Every gradient is zeroed first and then each sample adds its share.
 * That way the code follows the sum in the loss directly.
 */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t num_samples = X->size1;
    size_t num_inputs = X->size2;
    size_t num_hidden = net->H;
    size_t num_classes = net->C;
    size_t sample, input, hidden, cls;

    if (num_samples != cache->N || num_inputs != net->D || g->N != num_samples)
        return 1;

    /* zero everything we accumulate into */
    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db1);

    /* reg part of grad_weights_2: d/dW2 of reg*|W2|^2 */
    for (hidden = 0; hidden < num_hidden; hidden++)
        for (cls = 0; cls < num_classes; cls++)
            gsl_matrix_set(g->dW2, hidden, cls, 2.0 * reg * gsl_matrix_get(net->W2, hidden, cls));

    for (sample = 0; sample < num_samples; sample++) {
        /* grad_scores for this sample */
        for (cls = 0; cls < num_classes; cls++) {
            double grad_score = gsl_matrix_get(cache->prob, sample, cls);
            if (cls == y[sample])
                grad_score -= 1.0;
            gsl_matrix_set(g->dz2, sample, cls, grad_score / num_samples);
        }

        /* second layer: grad_weights_2 and grad_bias_2 */
        for (cls = 0; cls < num_classes; cls++) {
            double grad_score = gsl_matrix_get(g->dz2, sample, cls);
            *gsl_vector_ptr(g->db2, cls) += grad_score;
            for (hidden = 0; hidden < num_hidden; hidden++)
                *gsl_matrix_ptr(g->dW2, hidden, cls) +=
                    gsl_matrix_get(cache->p1, sample, hidden) * grad_score;
        }

        /* back into the hidden layer, and through the relu */
        for (hidden = 0; hidden < num_hidden; hidden++) {
            double grad_hidden_activation = 0.0;
            for (cls = 0; cls < num_classes; cls++)
                grad_hidden_activation += gsl_matrix_get(g->dz2, sample, cls)
                                          * gsl_matrix_get(net->W2, hidden, cls);
            gsl_matrix_set(g->dp1, sample, hidden, grad_hidden_activation);
            if (gsl_matrix_get(cache->z1, sample, hidden) > 0)
                gsl_matrix_set(g->dz1, sample, hidden, grad_hidden_activation);
            else
                gsl_matrix_set(g->dz1, sample, hidden, 0.0);
        }

        /* first layer: grad_weights_1 (with its reg term) and grad_bias_1 */
        for (hidden = 0; hidden < num_hidden; hidden++) {
            double grad_pre = gsl_matrix_get(g->dz1, sample, hidden);
            *gsl_vector_ptr(g->db1, hidden) += grad_pre;
            for (input = 0; input < num_inputs; input++)
                *gsl_matrix_ptr(g->dW1, input, hidden) +=
                    gsl_matrix_get(X, sample, input) * grad_pre
                    + 2.0 * reg * gsl_matrix_get(net->W1, input, hidden);
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
