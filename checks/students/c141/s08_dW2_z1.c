#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H;
    size_t C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dL/dz2
    {
        double acc;
        for (size_t r = 0; r < N; r++)
        {
            for (size_t c = 0; c < C; c++)
            {
                acc = gsl_matrix_get (cache->prob, r, c);
                if (c == y[r])
                    acc -= 1;
                gsl_matrix_set (g->dz2, r, c, acc / N);
            }
        }
    }

    // dL/dW2 : hidden layer output (transposed) times dz2, plus reg
    {
        double acc;
        for (size_t r = 0; r < H; r++)
        {
            for (size_t c = 0; c < C; c++)
            {
                acc = 0;
                for (size_t i = 0; i < N; i++)
                    acc += gsl_matrix_get (cache->z1, i, r) * gsl_matrix_get (g->dz2, i, c);
                acc += 2 * reg * gsl_matrix_get (net->W2, r, c);
                gsl_matrix_set (g->dW2, r, c, acc);
            }
        }
    }

    // dL/db2
    {
        double acc;
        for (size_t c = 0; c < C; c++)
        {
            acc = 0;
            for (size_t i = 0; i < N; i++)
                acc += gsl_matrix_get (g->dz2, i, c);
            gsl_vector_set (g->db2, c, acc);
        }
    }

    // dL/dp1
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // dL/dz1, relu
    {
        double acc;
        for (size_t r = 0; r < N; r++)
        {
            for (size_t c = 0; c < H; c++)
            {
                acc = gsl_matrix_get (g->dp1, r, c);
                if (!(gsl_matrix_get (cache->z1, r, c) > 0))
                    acc = 0;
                gsl_matrix_set (g->dz1, r, c, acc);
            }
        }
    }

    // dL/dW1
    {
        gsl_matrix_memcpy (g->dW1, net->W1);
        gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
    }

    // dL/db1
    {
        double acc;
        for (size_t c = 0; c < H; c++)
        {
            acc = 0;
            for (size_t i = 0; i < N; i++)
                acc += gsl_matrix_get (g->dz1, i, c);
            gsl_vector_set (g->db1, c, acc);
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
