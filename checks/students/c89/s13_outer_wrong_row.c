/*
 *  backward.c  --  Lab 4 (backprop by hand)
 *
 *  Per-sample outer products: for each sample i,
 *      dW2 += p1[i]^T dz2[i]      db2 += dz2[i]
 *      dW1 += X[i]^T  dz1[i]      db1 += dz1[i]
 *  A scratch row (malloc'd once per call) holds dp1[i] before the relu.
 */
#include <stdlib.h>
#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* M += u^T v  (u has M->size1 entries, v has M->size2) */
static void outer_add(gsl_matrix *M, const double *restrict u,
                      const double *restrict v)
{
    size_t r, c;
    for (r = 0; r < M->size1; r++) {
        double *restrict m = M->data + r * M->tda;
        for (c = 0; c < M->size2; c++)
            m[c] += u[r] * v[c];
    }
}

static void reg_init(gsl_matrix *G, const gsl_matrix *W, double reg)
{
    size_t r, c;
    for (r = 0; r < W->size1; r++)
        for (c = 0; c < W->size2; c++)
            G->data[r * G->tda + c] = 2.0 * reg * W->data[r * W->tda + c];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;
    double *tmp;
    size_t i, j, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;
    tmp = malloc(H * sizeof *tmp);
    if (tmp == NULL)
        return 1;

    reg_init(g->dW2, net->W2, reg);
    reg_init(g->dW1, net->W1, reg);
    memset(g->db2->data, 0, C * sizeof(double));
    memset(g->db1->data, 0, H * sizeof(double));

    for (i = 0; i < N; i++) {
        const double *restrict pr = cache->prob->data + i * cache->prob->tda;
        const double *restrict z = cache->z1->data + i * cache->z1->tda;
        double *restrict d = g->dz2->data + i * g->dz2->tda;
        double *restrict dp = g->dp1->data + i * g->dp1->tda;
        double *restrict dz = g->dz1->data + i * g->dz1->tda;

        for (k = 0; k < C; k++)
            d[k] = (pr[k] - (k == y[i] ? 1.0 : 0.0)) / (double)N;
        outer_add(g->dW2, cache->p1->data + i * cache->p1->tda, d);
        for (k = 0; k < C; k++)
            g->db2->data[k] += d[k];

        /* dp1 row into the scratch, then copy out and gate */
        for (j = 0; j < H; j++) {
            const double *restrict w = net->W2->data + j * net->W2->tda;
            tmp[j] = 0.0;
            for (k = 0; k < C; k++)
                tmp[j] += w[k] * d[k];
        }
        memcpy(dp, tmp, H * sizeof *tmp);
        for (j = 0; j < H; j++) {
            dz[j] = z[j] > 0.0 ? tmp[j] : 0.0;
            g->db1->data[j] += dz[j];
        }
        outer_add(g->dW1, X->data + i * X->tda, dp);
    }

    free(tmp);
    g->present = BP_GRADS_ALL;
    return 0;
}
