/*
 * backward.c  --  ML module, C coursework
 *
 * Backward pass for the two layer ReLU network.  Matrix products are done
 * with my own helper (transpose of the first argument times the second)
 * rather than BLAS, so that I could check the indices by hand.
 */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* result = A^T * B   (A is n x p, B is n x q, result is p x q) */
static void transpose_times(const gsl_matrix *A, const gsl_matrix *B,
                            gsl_matrix *result)
{
    size_t a, b, n;
    for (a = 0; a < A->size2; a++)
    {
        for (b = 0; b < B->size2; b++)
        {
            double total = 0.0;
            for (n = 0; n < A->size1; n++)
                total += gsl_matrix_get(A, n, a) * gsl_matrix_get(B, n, b);
            gsl_matrix_set(result, a, b, total);
        }
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n_samples = X->size1;
    size_t n_hidden = net->H;
    size_t n_classes = net->C;
    size_t n, h, c;

    /* gradient of the loss w.r.t. the scores */
    for (n = 0; n < n_samples; n++)
    {
        for (c = 0; c < n_classes; c++)
        {
            double grad = gsl_matrix_get(cache->prob, n, c);
            if (c == y[n])
                grad = grad - 1.0;
            gsl_matrix_set(g->dz2, n, c, grad / (double) n_samples);
        }
    }

    /* second layer weights: hidden layer transposed times dz2 */
    transpose_times(cache->z1, g->dz2, g->dW2);
    for (h = 0; h < n_hidden; h++)
        for (c = 0; c < n_classes; c++)
            gsl_matrix_set(g->dW2, h, c, gsl_matrix_get(g->dW2, h, c)
                           + 2.0 * reg * gsl_matrix_get(net->W2, h, c));

    /* second layer bias */
    for (c = 0; c < n_classes; c++)
    {
        double total = 0.0;
        for (n = 0; n < n_samples; n++)
            total += gsl_matrix_get(g->dz2, n, c);
        gsl_vector_set(g->db2, c, total);
    }

    /* back into the hidden layer, then through the ReLU */
    for (n = 0; n < n_samples; n++)
    {
        for (h = 0; h < n_hidden; h++)
        {
            double total = 0.0;
            for (c = 0; c < n_classes; c++)
                total += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dp1, n, h, total);
            if (gsl_matrix_get(cache->z1, n, h) > 0.0)
                gsl_matrix_set(g->dz1, n, h, total);
            else
                gsl_matrix_set(g->dz1, n, h, 0.0);
        }
    }

    /* first layer */
    transpose_times(X, g->dz1, g->dW1);
    for (h = 0; h < net->D; h++)
        for (c = 0; c < n_hidden; c++)
            gsl_matrix_set(g->dW1, h, c, gsl_matrix_get(g->dW1, h, c)
                           + 2.0 * reg * gsl_matrix_get(net->W1, h, c));

    for (h = 0; h < n_hidden; h++)
    {
        double total = 0.0;
        for (n = 0; n < n_samples; n++)
            total += gsl_matrix_get(g->dz1, n, h);
        gsl_vector_set(g->db1, h, total);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
