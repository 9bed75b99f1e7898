/*
 * backward.c
 *
 * Pass 1 over the samples: dz2, db2, dW2 and dp1.
 * Pass 2 over the samples: dz1 (done in place: copy of dp1, then the
 * relu), db1 and dW1.
 */
#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D;
    size_t H = net->H;
    size_t C = net->C;
    size_t i, j, k, d;

    if (N != cache->N || X->size2 != D || g->N != N)
    {
        return 1;
    }

    double dW2_sum[H * C];
    double db2_sum[C];
    double dW1_sum[D * H];
    double db1_sum[H];
    memset(dW2_sum, 0, sizeof(dW2_sum));
    memset(db2_sum, 0, sizeof(db2_sum));
    memset(dW1_sum, 0, sizeof(dW1_sum));
    memset(db1_sum, 0, sizeof(db1_sum));

    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
        {
            double grad = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i])
            {
                grad -= 1.0;
            }
            grad /= (double)N;
            gsl_matrix_set(g->dz2, i, k, grad);
            db2_sum[k] += grad;
        }
        for (j = 0; j < H; j++)
        {
            double back = 0.0;
            for (k = 0; k < C; k++)
            {
                double grad = gsl_matrix_get(g->dz2, i, k);
                dW2_sum[j * C + k] += gsl_matrix_get(cache->p1, i, j) * grad;
                back += grad * gsl_matrix_get(net->W2, j, k);
            }
            gsl_matrix_set(g->dp1, i, j, back);
        }
    }

    gsl_matrix_memcpy(g->dz1, g->dp1);

    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            /* relu backward: no gradient where it is negative */
            if (gsl_matrix_get(g->dz1, i, j) < 0)
            {
                gsl_matrix_set(g->dz1, i, j, 0.0);
            }
            db1_sum[j] += gsl_matrix_get(g->dz1, i, j);
            for (d = 0; d < D; d++)
            {
                dW1_sum[d * H + j] += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, j);
            }
        }
    }

    for (j = 0; j < H; j++)
    {
        for (k = 0; k < C; k++)
        {
            gsl_matrix_set(g->dW2, j, k, dW2_sum[j * C + k] + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
        }
        for (d = 0; d < D; d++)
        {
            gsl_matrix_set(g->dW1, d, j, dW1_sum[d * H + j] + 2.0 * reg * gsl_matrix_get(net->W1, d, j));
        }
        gsl_vector_set(g->db1, j, db1_sum[j]);
    }
    for (k = 0; k < C; k++)
    {
        gsl_vector_set(g->db2, k, db2_sum[k]);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
