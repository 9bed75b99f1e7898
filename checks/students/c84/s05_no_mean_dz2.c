#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* backward pass, hw3
 * order: dz2, dW2, db2, dp1, dz1, dW1, db1 (same as the handout) */
int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n = X->size1;
    size_t d = X->size2;
    size_t hidden = net->H;
    size_t classes = net->C;

    if (n != cache->N || d != net->D || g->N != n)
    {
        return 1;
    }

    // softmax gradient: probs minus one hot
    for (size_t i = 0; i < n; i++)
    {
        for (size_t c = 0; c < classes; c++)
        {
            double one = (c == y[i]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, i, c, gsl_matrix_get(cache->prob, i, c) - one);
        }
    }

    // W2 and b2
    for (size_t h = 0; h < hidden; h++)
    {
        for (size_t c = 0; c < classes; c++)
        {
            double sum = 0;
            for (size_t i = 0; i < n; i++)
            {
                sum += gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(g->dz2, i, c);
            }
            gsl_matrix_set(g->dW2, h, c, sum + 2 * reg * gsl_matrix_get(net->W2, h, c));
        }
    }
    for (size_t c = 0; c < classes; c++)
    {
        double sum = 0;
        for (size_t i = 0; i < n; i++)
        {
            sum += gsl_matrix_get(g->dz2, i, c);
        }
        gsl_vector_set(g->db2, c, sum);
    }

    // hidden layer
    for (size_t i = 0; i < n; i++)
    {
        for (size_t h = 0; h < hidden; h++)
        {
            double sum = 0;
            for (size_t c = 0; c < classes; c++)
            {
                sum += gsl_matrix_get(g->dz2, i, c) * gsl_matrix_get(net->W2, h, c);
            }
            gsl_matrix_set(g->dp1, i, h, sum);
            if (gsl_matrix_get(cache->z1, i, h) > 0)
            {
                gsl_matrix_set(g->dz1, i, h, sum);
            }
            else
            {
                gsl_matrix_set(g->dz1, i, h, 0);
            }
        }
    }

    // W1 and b1
    for (size_t j = 0; j < d; j++)
    {
        for (size_t h = 0; h < hidden; h++)
        {
            double sum = 0;
            for (size_t i = 0; i < n; i++)
            {
                sum += gsl_matrix_get(X, i, j) * gsl_matrix_get(g->dz1, i, h);
            }
            gsl_matrix_set(g->dW1, j, h, sum + 2 * reg * gsl_matrix_get(net->W1, j, h));
        }
    }
    for (size_t h = 0; h < hidden; h++)
    {
        double sum = 0;
        for (size_t i = 0; i < n; i++)
        {
            sum += gsl_matrix_get(g->dz1, i, h);
        }
        gsl_vector_set(g->db1, h, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
