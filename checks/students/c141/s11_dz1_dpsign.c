#include <gsl/gsl_blas.h>
#include "backprop.h"

#define M(A, i, j) gsl_matrix_get(A, i, j)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    // scores gradient
    {
        double tmp;
        for (size_t i = 0; i < N; i++)
            for (size_t c = 0; c < C; c++) {
                tmp = M(cache->prob, i, c) - (c == y[i] ? 1.0 : 0.0);
                gsl_matrix_set(g->dz2, i, c, tmp / N);
            }
    }

    // W2
    {
        double tmp;
        for (size_t r = 0; r < H; r++)
            for (size_t c = 0; c < C; c++) {
                tmp = 2 * reg * M(net->W2, r, c);
                for (size_t i = 0; i < N; i++)
                    tmp += M(cache->p1, i, r) * M(g->dz2, i, c);
                gsl_matrix_set(g->dW2, r, c, tmp);
            }
    }

    // b2
    {
        double tmp;
        for (size_t c = 0; c < C; c++) {
            tmp = 0;
            for (size_t i = 0; i < N; i++)
                tmp += M(g->dz2, i, c);
            gsl_vector_set(g->db2, c, tmp);
        }
    }

    // hidden output
    {
        double tmp;
        for (size_t i = 0; i < N; i++)
            for (size_t r = 0; r < H; r++) {
                tmp = 0;
                for (size_t c = 0; c < C; c++)
                    tmp += M(g->dz2, i, c) * M(net->W2, r, c);
                gsl_matrix_set(g->dp1, i, r, tmp);
            }
    }

    // relu: only pass the positive part
    {
        double tmp;
        for (size_t i = 0; i < N; i++)
            for (size_t r = 0; r < H; r++) {
                tmp = M(g->dp1, i, r);
                gsl_matrix_set(g->dz1, i, r, tmp > 0 ? tmp : 0.0);
            }
    }

    // W1
    {
        gsl_matrix_memcpy(g->dW1, net->W1);
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
    }

    // b1
    {
        double tmp;
        for (size_t r = 0; r < H; r++) {
            tmp = 0;
            for (size_t i = 0; i < N; i++)
                tmp += M(g->dz1, i, r);
            gsl_vector_set(g->db1, r, tmp);
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
