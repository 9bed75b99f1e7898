/* backward.c -- "SIMD style": four lanes over the batch for every
 * reduction, combined at the end.  Accumulators are float. */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* sum over n of a[n*sa] * b[n*sb]  (b == NULL: sum of a) */
static float lane_dot(const float *a, size_t sa, const float *b, size_t sb, size_t n)
{
    float l[4] = { 0.0f, 0.0f, 0.0f, 0.0f };
    size_t i;
    for (i = 0; i + 4 <= n; i += 4)
        for (int q = 0; q < 4; q++)
            l[q] += a[(i + q) * sa] * (b ? b[(i + q) * sb] : 1.0f);
    for (; i < n; i++)
        l[0] += a[i * sa] * (b ? b[i * sb] : 1.0f);
    return (l[0] + l[1]) + (l[2] + l[3]);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    float *ds = malloc(N * C * sizeof(float));
    float *a1 = malloc(N * H * sizeof(float));
    float *dh = malloc(N * H * sizeof(float));
    float *xf = malloc(N * D * sizeof(float));
    if (!ds || !a1 || !dh || !xf) {
        free(ds); free(a1); free(dh); free(xf);
        return 1;
    }

    for (size_t n = 0; n < N; n++) {
        for (size_t c = 0; c < C; c++) {
            float p = (float)gsl_matrix_get(cache->prob, n, c);
            ds[n * C + c] = (c == y[n] ? p - 1.0f : p) / (float)N;
            gsl_matrix_set(g->dz2, n, c, ds[n * C + c]);
        }
        for (size_t h = 0; h < H; h++)
            a1[n * H + h] = (float)gsl_matrix_get(cache->p1, n, h);
        for (size_t d = 0; d < D; d++)
            xf[n * D + d] = (float)gsl_matrix_get(X, n, d);
    }

    for (size_t c = 0; c < C; c++) {
        /* bias: 4 lanes by hand, this one is hot */
        float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
        size_t n;
        for (n = 0; n + 4 <= N; n += 4) {
            s0 += ds[n * C + c];
            s1 += ds[(n + 1) * C + c];
            s2 += ds[(n + 2) * C + c];
            s3 += ds[(n + 3) * C + c];
        }
        for (; n < N; n++)
            s0 += ds[n * C + c];
        gsl_vector_set(g->db2, c, (s0 + s1) + (s2 + s2));
        for (size_t h = 0; h < H; h++)
            gsl_matrix_set(g->dW2, h, c, lane_dot(a1 + h, H, ds + c, C, N)
                           + 2.0f * (float)reg * (float)gsl_matrix_get(net->W2, h, c));
    }

    for (size_t n = 0; n < N; n++)
        for (size_t h = 0; h < H; h++) {
            float s = 0.0f;
            for (size_t c = 0; c < C; c++)
                s += ds[n * C + c] * (float)gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dp1, n, h, s);
            dh[n * H + h] = gsl_matrix_get(cache->z1, n, h) > 0.0 ? s : 0.0f;
            gsl_matrix_set(g->dz1, n, h, dh[n * H + h]);
        }

    for (size_t h = 0; h < H; h++) {
        gsl_vector_set(g->db1, h, lane_dot(dh + h, H, NULL, 0, N));
        for (size_t d = 0; d < D; d++)
            gsl_matrix_set(g->dW1, d, h, lane_dot(xf + d, D, dh + h, H, N)
                           + 2.0f * (float)reg * (float)gsl_matrix_get(net->W1, d, h));
    }

    free(ds); free(a1); free(dh); free(xf);
    g->present = BP_GRADS_ALL;
    return 0;
}
