/* Backward pass for the 2 layer network
 * loss = mean cross entropy + reg*(||W1||^2 + ||W2||^2)
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

struct grads_local
{
    gsl_matrix *dscores, *dhidden, *dW1, *dW2;
    gsl_vector *db1, *db2;
};

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t n, d, h, c;
    struct grads_local grad;

    grad.dscores = gsl_matrix_calloc(N, C);
    grad.dhidden = gsl_matrix_calloc(N, H);
    grad.dW1 = gsl_matrix_calloc(D, H);
    grad.dW2 = gsl_matrix_calloc(H, C);
    grad.db1 = gsl_vector_calloc(H);
    grad.db2 = gsl_vector_calloc(C);

    // output layer
    for (n = 0; n < N; n++)
    {
        for (c = 0; c < C; c++)
        {
            double delta = (c == y[n]) ? 1.0 : 0.0;
            gsl_matrix_set(grad.dscores, n, c,
                           (gsl_matrix_get(cache->prob, n, c) - delta) / N);
        }
    }

    for (h = 0; h < H; h++)
    {
        for (c = 0; c < C; c++)
        {
            double acc = 0.0;
            for (n = 0; n < N; n++)
                acc += gsl_matrix_get(cache->p1, n, h) * gsl_matrix_get(grad.dscores, n, c);
            // derivative of reg*W^2
            acc += reg * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(grad.dW2, h, c, acc);
        }
    }

    for (n = 0; n < N; n++)
        for (c = 0; c < C; c++)
            gsl_vector_set(grad.db2, c, gsl_vector_get(grad.db2, c) + gsl_matrix_get(grad.dscores, n, c));

    // hidden layer
    for (n = 0; n < N; n++)
    {
        for (h = 0; h < H; h++)
        {
            double acc = 0.0;
            for (c = 0; c < C; c++)
                acc += gsl_matrix_get(grad.dscores, n, c) * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(grad.dhidden, n, h, acc);
        }
    }
    gsl_matrix_memcpy(g->dp1, grad.dhidden);

    // ReLU (in place, dhidden is now dz1)
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            if (gsl_matrix_get(cache->z1, n, h) <= 0.0)
                gsl_matrix_set(grad.dhidden, n, h, 0.0);

    for (d = 0; d < D; d++)
    {
        for (h = 0; h < H; h++)
        {
            double acc = 0.0;
            for (n = 0; n < N; n++)
                acc += gsl_matrix_get(X, n, d) * gsl_matrix_get(grad.dhidden, n, h);
            acc += 2.0 * reg * gsl_matrix_get(net->W1, d, h);
            gsl_matrix_set(grad.dW1, d, h, acc);
        }
    }

    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            gsl_vector_set(grad.db1, h, gsl_vector_get(grad.db1, h) + gsl_matrix_get(grad.dhidden, n, h));

    // results
    gsl_matrix_memcpy(g->dz2, grad.dscores);
    gsl_matrix_memcpy(g->dW2, grad.dW2);
    gsl_vector_memcpy(g->db2, grad.db2);
    gsl_matrix_memcpy(g->dz1, grad.dhidden);
    gsl_matrix_memcpy(g->dW1, grad.dW1);
    gsl_vector_memcpy(g->db1, grad.db1);
    g->present = BP_GRADS_ALL;

    gsl_matrix_free(grad.dscores);
    gsl_matrix_free(grad.dhidden);
    gsl_matrix_free(grad.dW1);
    gsl_matrix_free(grad.dW2);
    gsl_vector_free(grad.db1);
    gsl_vector_free(grad.db2);
    return 0;
}
