/* hw3: backward pass
 * TODO clean up before submitting
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D;
    size_t hidden = net->H;
    size_t classes = net->C;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    for (size_t i = 0; i < N; i++)
    {
        for (size_t c = 0; c < classes; c++)
        {
            double grad = gsl_matrix_get(cache->prob, i, c);
            if (c == y[i])
                grad -= 1;
            grad /= N;
            gsl_matrix_set(g->dz2, i, c, grad);
        }
    }

    for (size_t h = 0; h < hidden; h++)
    {
        for (size_t c = 0; c < classes; c++)
        {
            double grad = 0;
            for (size_t i = 0; i < N; i++)
                grad += gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(g->dz2, i, c);
            grad += 2 * reg * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dW2, h, c, grad);
        }
    }

    for (size_t c = 0; c < classes; c++)
    {
        double grad = 0;
        for (size_t i = 0; i < N; i++)
            grad += gsl_matrix_get(g->dz2, i, c);
        gsl_vector_set(g->db2, c, grad);
    }

    for (size_t i = 0; i < N; i++)
    {
        for (size_t h = 0; h < hidden; h++)
        {
            double grad = 0;
            for (size_t c = 0; c < classes; c++)
                grad += gsl_matrix_get(g->dz2, i, c) * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dp1, i, h, grad);
        }
    }

    /* ReLU: the gradient only flows where it is positive */
    for (size_t i = 0; i < N; i++)
    {
        for (size_t h = 0; h < hidden; h++)
        {
            double grad = gsl_matrix_get(g->dp1, i, h);
            if (grad > 0)
                gsl_matrix_set(g->dz1, i, h, grad);
            else
                gsl_matrix_set(g->dz1, i, h, 0);
        }
    }

    for (size_t d = 0; d < D; d++)
    {
        for (size_t h = 0; h < hidden; h++)
        {
            double grad = 0;
            for (size_t i = 0; i < N; i++)
                grad += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, h);
            grad += 2 * reg * gsl_matrix_get(net->W1, d, h);
            gsl_matrix_set(g->dW1, d, h, grad);
        }
    }

    for (size_t h = 0; h < hidden; h++)
    {
        double grad = 0;
        for (size_t i = 0; i < N; i++)
            grad += gsl_matrix_get(g->dz1, i, h);
        gsl_vector_set(g->db1, h, grad);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
