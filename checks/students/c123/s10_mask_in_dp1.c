/*
 * HW3 backward pass.
 *
 * The hidden layer is  p1 = relu(X W1 + b1).  Going backwards through it
 * I fold the relu into the product with W2: a hidden unit that was off
 * cannot pass any gradient back, so I only fill grad_hidden_activation
 * where the unit was on.  dz1 is then the same thing with the mask again
 * (which changes nothing, but the template asks for both).
 */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t num_samples = X->size1, num_features = X->size2;
    size_t num_hidden = net->H, num_classes = net->C;
    size_t n, f, h, k;

    if (num_samples != cache->N || num_features != net->D || g->N != num_samples)
        return 1;

    /* output layer: grad_scores */
    for (n = 0; n < num_samples; n++)
        for (k = 0; k < num_classes; k++) {
            double prob_nk = gsl_matrix_get(cache->prob, n, k);
            double label_nk = (k == y[n]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, n, k, (prob_nk - label_nk) / (double)num_samples);
        }

    /* grad_weights_2 and grad_bias_2 together, one pass over the classes */
    for (k = 0; k < num_classes; k++) {
        double bias_total = 0.0;
        for (n = 0; n < num_samples; n++)
            bias_total += gsl_matrix_get(g->dz2, n, k);
        gsl_vector_set(g->db2, k, bias_total);

        for (h = 0; h < num_hidden; h++) {
            double weight_total = 2.0 * reg * gsl_matrix_get(net->W2, h, k);
            for (n = 0; n < num_samples; n++)
                weight_total += gsl_matrix_get(cache->p1, n, h) * gsl_matrix_get(g->dz2, n, k);
            gsl_matrix_set(g->dW2, h, k, weight_total);
        }
    }

    /* grad_hidden_activation: dz2 W2^T, only for units that were on */
    for (n = 0; n < num_samples; n++)
        for (h = 0; h < num_hidden; h++) {
            double total = 0.0;
            if (gsl_matrix_get(cache->z1, n, h) > 0.0)
                for (k = 0; k < num_classes; k++)
                    total += gsl_matrix_get(g->dz2, n, k) * gsl_matrix_get(net->W2, h, k);
            gsl_matrix_set(g->dp1, n, h, total);
        }

    /* grad_hidden_preactivation */
    for (n = 0; n < num_samples; n++)
        for (h = 0; h < num_hidden; h++) {
            double on = gsl_matrix_get(cache->z1, n, h) > 0.0;
            gsl_matrix_set(g->dz1, n, h, on * gsl_matrix_get(g->dp1, n, h));
        }

    /* grad_weights_1 and grad_bias_1 */
    for (h = 0; h < num_hidden; h++) {
        double bias_total = 0.0;
        for (n = 0; n < num_samples; n++)
            bias_total += gsl_matrix_get(g->dz1, n, h);
        gsl_vector_set(g->db1, h, bias_total);

        for (f = 0; f < num_features; f++) {
            double weight_total = 2.0 * reg * gsl_matrix_get(net->W1, f, h);
            for (n = 0; n < num_samples; n++)
                weight_total += gsl_matrix_get(X, n, f) * gsl_matrix_get(g->dz1, n, h);
            gsl_matrix_set(g->dW1, f, h, weight_total);
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
