// Menna Allah Sherif -- Neural Networks assignment 3
// backward pass. delta3 is kept in a temporary and copied into g at the end
// of the output layer part.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void bias_grad(const gsl_matrix *delta, gsl_vector *db)
{
    size_t n, k;
    for (k = 0; k < delta->size2; k++)
    {
        double total = 0.0;
        for (n = 0; n < delta->size1; n++)
            total += gsl_matrix_get(delta, n, k);
        gsl_vector_set(db, k, total);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t n, h;
    gsl_matrix *delta3, *delta2;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    delta3 = gsl_matrix_alloc(N, C);
    delta2 = gsl_matrix_alloc(N, H);

    // delta3 = (probs - 1 at y) / N
    gsl_matrix_memcpy(delta3, cache->prob);
    for (n = 0; n < N; n++)
        gsl_matrix_set(delta3, n, y[n], gsl_matrix_get(delta3, n, y[n]) - 1.0);
    gsl_matrix_scale(delta3, 1.0 / (double)N);

    // dW2 = a1' delta3 + 2 reg W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, delta3, 2.0 * reg, g->dW2);
    bias_grad(delta3, g->db2);
    gsl_matrix_memcpy(g->dz2, delta3);

    // dp1 = delta3 W2'
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, cache->prob, net->W2, 0.0, g->dp1);

    // delta2 = dp1 .* (z1 > 0)
    for (n = 0; n < N; n++)
    {
        for (h = 0; h < H; h++)
        {
            if (gsl_matrix_get(cache->z1, n, h) > 0)
                gsl_matrix_set(delta2, n, h, gsl_matrix_get(g->dp1, n, h));
            else
                gsl_matrix_set(delta2, n, h, 0.0);
        }
    }
    gsl_matrix_memcpy(g->dz1, delta2);

    // dW1 = X' delta2 + 2 reg W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, delta2, 2.0 * reg, g->dW1);
    bias_grad(delta2, g->db1);

    gsl_matrix_free(delta3);
    gsl_matrix_free(delta2);

    g->present = BP_GRADS_ALL;
    return 0;
}
