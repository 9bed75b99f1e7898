// ML3 CW2 -- backward()
// dscores -> (dW2, db2) -> dhidden -> relu -> (dW1, db1)

#include "backprop/net.h"
#include "backprop/grads.h"

#define M(A, i, j) gsl_matrix_get(A, i, j)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    gsl_matrix *dscores = g->dz2, *dhidden = g->dp1, *drelu = g->dz1;

    // dscores
    for (size_t i = 0; i < N; i++)
        for (size_t c = 0; c < C; c++)
            gsl_matrix_set(dscores, i, c, (M(cache->prob, i, c) - (c == y[i] ? 1.0 : 0.0)) / N);

    // second layer
    for (size_t h = 0; h < H; h++)
        for (size_t c = 0; c < C; c++) {
            double v = 0;
            for (size_t i = 0; i < N; i++)
                v += M(cache->p1, i, h) * M(dscores, i, c);
            gsl_matrix_set(g->dW2, h, c, v + 2 * reg * M(net->W2, h, c));
        }
    for (size_t c = 0; c < C; c++) {
        double v = 0;
        for (size_t i = 0; i < N; i++)
            v += M(dscores, i, c);
        gsl_vector_set(g->db2, c, v);
    }

    // dhidden = dscores W2^T
    for (size_t i = 0; i < N; i++)
        for (size_t h = 0; h < H; h++) {
            double v = 0;
            for (size_t c = 0; c < C; c++)
                v += M(dscores, i, c) * M(net->W2, h, c);
            gsl_matrix_set(dhidden, i, h, v);
        }

    // relu: kill the gradient where the unit was off
    for (size_t i = 0; i < N; i++)
        for (size_t h = 0; h < H; h++)
            gsl_matrix_set(drelu, i, h, M(cache->z1, i, h) > 0 ? M(dhidden, i, h) : 0.0);

    // first layer
    for (size_t d = 0; d < D; d++)
        for (size_t h = 0; h < H; h++) {
            double v = 0;
            for (size_t i = 0; i < N; i++)
                v += M(X, i, d) * M(dhidden, i, h);
            gsl_matrix_set(g->dW1, d, h, v + 2 * reg * M(net->W1, d, h));
        }
    for (size_t h = 0; h < H; h++) {
        double v = 0;
        for (size_t i = 0; i < N; i++)
            v += M(drelu, i, h);
        gsl_vector_set(g->db1, h, v);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
