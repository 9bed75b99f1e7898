// backward pass -- raw pointer version (faster than gsl_matrix_get)
// remember: rows are tda apart, not size2 apart!

#include <math.h>
#include "backprop.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    // softmax again from the scores, g->dz2 is the scratch space
    // (then it is turned into dz2 row by row)
    for (i = 0; i < N; i++)
    {
        const double *zr = cache->z2->data + i * cache->z2->tda;
        double *row = g->dz2->data + i * g->dz2->tda;
        double mx = zr[0], sum = 0.0;

        for (k = 1; k < C; k++)
            if (zr[k] > mx)
                mx = zr[k];
        for (k = 0; k < C; k++)
        {
            row[k] = exp(zr[k] - mx);
            sum += row[k];
        }
        for (k = 0; k < C; k++)
            row[k] /= sum;
        row[y[i]] -= 1.0;
        for (k = 0; k < C; k++)
            row[k] /= (double)N;
    }

    // dW2 and db2
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            AT(g->dW2, j, k) = 2.0 * reg * AT(net->W2, j, k);
    for (k = 0; k < C; k++)
        g->db2->data[k * g->db2->stride] = 0.0;
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
        {
            double d = AT(g->dz2, i, k);
            for (j = 0; j < H; j++)
                AT(g->dW2, j, k) += AT(cache->p1, i, j) * d;
            g->db2->data[k * g->db2->stride] += d;
        }
    }

    // dp1 and dz1 in one go
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += AT(g->dz2, i, k) * AT(net->W2, j, k);
            AT(g->dp1, i, j) = s;
            AT(g->dz1, i, j) = AT(cache->z1, i, j) > 0.0 ? s : 0.0;
        }
    }

    // dW1 and db1
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
            AT(g->dW1, i, j) = 2.0 * reg * AT(net->W1, i, j);
    for (j = 0; j < H; j++)
        g->db1->data[j * g->db1->stride] = 0.0;
    for (k = 0; k < N; k++)
    {
        for (j = 0; j < H; j++)
        {
            double d = AT(g->dz1, k, j);
            for (i = 0; i < D; i++)
                AT(g->dW1, i, j) += AT(X, k, i) * d;
            g->db1->data[j * g->db1->stride] += d;
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
