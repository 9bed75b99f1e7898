/*
 * CS2 Lab 6 - backprop through the 2-layer net
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t nSamples = X->size1;
    size_t nIn = net->D, nHidden = net->H, nClasses = net->C;
    size_t r, c, k;

    if (nSamples != cache->N || X->size2 != nIn || g->N != nSamples)
    {
        return 1;
    }

    /* ---- output layer ---- */
    for (r = 0; r < nSamples; r++)
    {
        for (c = 0; c < nClasses; c++)
        {
            double grad = gsl_matrix_get(cache->prob, r, c);
            if (c == y[r])
            {
                grad = grad - 1.0;
            }
            gsl_matrix_set(g->dz2, r, c, grad / nSamples);
        }
    }

    for (r = 0; r < nHidden; r++)
    {
        for (c = 0; c < nClasses; c++)
        {
            double acc = 0.0;
            for (k = 0; k < nSamples; k++)
            {
                acc += gsl_matrix_get(cache->p1, k, r) * gsl_matrix_get(g->dz2, k, c);
            }
            gsl_matrix_set(g->dW2, r, c, acc + 2.0 * reg * gsl_matrix_get(net->W2, r, c));
        }
    }

    /* bias gradient is the average of dz2 over the batch */
    for (c = 0; c < nClasses; c++)
    {
        double acc = 0.0;
        for (k = 0; k < nSamples; k++)
        {
            acc += gsl_matrix_get(g->dz2, k, c);
        }
        gsl_vector_set(g->db2, c, acc / nSamples);
    }

    /* ---- hidden layer ---- */
    for (r = 0; r < nSamples; r++)
    {
        for (c = 0; c < nHidden; c++)
        {
            double acc = 0.0;
            for (k = 0; k < nClasses; k++)
            {
                acc += gsl_matrix_get(g->dz2, r, k) * gsl_matrix_get(net->W2, c, k);
            }
            gsl_matrix_set(g->dp1, r, c, acc);
            /* relu backward right away */
            if (gsl_matrix_get(cache->z1, r, c) > 0.0)
            {
                gsl_matrix_set(g->dz1, r, c, acc);
            }
            else
            {
                gsl_matrix_set(g->dz1, r, c, 0.0);
            }
        }
    }

    for (r = 0; r < nIn; r++)
    {
        for (c = 0; c < nHidden; c++)
        {
            double acc = 0.0;
            for (k = 0; k < nSamples; k++)
            {
                acc += gsl_matrix_get(X, k, r) * gsl_matrix_get(g->dz1, k, c);
            }
            gsl_matrix_set(g->dW1, r, c, acc + 2.0 * reg * gsl_matrix_get(net->W1, r, c));
        }
    }

    for (c = 0; c < nHidden; c++)
    {
        double acc = 0.0;
        for (k = 0; k < nSamples; k++)
        {
            acc += gsl_matrix_get(g->dz1, k, c);
        }
        gsl_vector_set(g->db1, c, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
