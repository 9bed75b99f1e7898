/*
 * Backward pass for the TwoLayerNet (C version of the notebook).
 * Names follow the notebook: scores, hidden_layer, dscores, dhidden.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t num_train = X->size1;
    size_t num_hidden = net->H, num_classes = net->C, dim = net->D;
    gsl_matrix *dscores = g->dz2, *dhidden = g->dz1;
    const gsl_matrix *hidden_layer = cache->p1;
    size_t i, j, k;

    if (num_train != cache->N || X->size2 != dim || g->N != num_train)
        return 1;

    /* # Compute the gradient of the loss with respect to the scores */
    for (i = 0; i < num_train; i++) {
        for (j = 0; j < num_classes; j++) {
            double p = gsl_matrix_get(cache->prob, i, j);
            double correct = (y[i] == j) ? 1.0 : 0.0;
            gsl_matrix_set(dscores, i, j, p - correct);   /* probs - 1 at the label */
        }
    }

    /* # W2 and b2 */
    for (j = 0; j < num_hidden; j++)
        for (k = 0; k < num_classes; k++) {
            double s = 0;
            for (i = 0; i < num_train; i++)
                s += gsl_matrix_get(hidden_layer, i, j) * gsl_matrix_get(dscores, i, k);
            gsl_matrix_set(g->dW2, j, k, s + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }
    for (k = 0; k < num_classes; k++) {
        double s = 0;
        for (i = 0; i < num_train; i++)
            s += gsl_matrix_get(dscores, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    /* # next backprop into hidden layer */
    for (i = 0; i < num_train; i++)
        for (j = 0; j < num_hidden; j++) {
            double s = 0;
            for (k = 0; k < num_classes; k++)
                s += gsl_matrix_get(dscores, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
        }

    /* # backprop the ReLU non-linearity */
    for (i = 0; i < num_train; i++)
        for (j = 0; j < num_hidden; j++) {
            double v = gsl_matrix_get(g->dp1, i, j);
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                v = 0.0;
            gsl_matrix_set(dhidden, i, j, v);
        }

    /* # finally into W,b */
    for (i = 0; i < dim; i++)
        for (j = 0; j < num_hidden; j++) {
            double s = 0;
            for (k = 0; k < num_train; k++)
                s += gsl_matrix_get(X, k, i) * gsl_matrix_get(dhidden, k, j);
            gsl_matrix_set(g->dW1, i, j, s + 2 * reg * gsl_matrix_get(net->W1, i, j));
        }
    for (j = 0; j < num_hidden; j++) {
        double s = 0;
        for (i = 0; i < num_train; i++)
            s += gsl_matrix_get(dhidden, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
