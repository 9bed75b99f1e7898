/* backward.c - float backprop, 2 layer MLP */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out(n x m) = a(n x k) * b(k x m), all float, row major */
static void mmf(const float *a, const float *b, float *out, size_t n, size_t k, size_t m)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < m; j++) {
            float s = 0.0f;
            for (size_t t = 0; t < k; t++)
                s += a[i * k + t] * b[t * m + j];
            out[i * m + j] = s;
        }
}

/* transpose a float copy of a gsl matrix: out is (cols x rows) */
static float *copyT(const gsl_matrix *A)
{
    float *out = malloc(A->size1 * A->size2 * sizeof(float));
    if (out)
        for (size_t i = 0; i < A->size1; i++)
            for (size_t j = 0; j < A->size2; j++)
                out[j * A->size1 + i] = (float)gsl_matrix_get(A, i, j);
    return out;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const float scale = (float)(1 / N);   /* mean over the batch */
    float *dz2 = calloc(N * C, sizeof(float));
    float *dp1 = malloc(N * H * sizeof(float));
    float *dw2 = malloc(H * C * sizeof(float));
    float *dw1 = malloc(D * H * sizeof(float));
    float *p1T = copyT(cache->p1);    /* H x N */
    float *xT = copyT(X);             /* D x N */
    float *w2T = copyT(net->W2);      /* C x H */
    int rc = 1;

    if (!dz2 || !dp1 || !dw2 || !dw1 || !p1T || !xT || !w2T)
        goto out;

    for (size_t i = 0; i < N; i++)
        for (size_t c = 0; c < C; c++) {
            float p = (float)gsl_matrix_get(cache->prob, i, c);
            dz2[i * C + c] = (p - (c == y[i])) * scale;
        }

    mmf(p1T, dz2, dw2, H, N, C);       /* dW2 = p1^T dz2 */
    mmf(dz2, w2T, dp1, N, C, H);       /* dp1 = dz2 W2^T */

    for (size_t i = 0; i < N * H; i++) {
        gsl_matrix_set(g->dp1, i / H, i % H, dp1[i]);
        if (gsl_matrix_get(cache->z1, i / H, i % H) <= 0)
            dp1[i] = 0.0f;             /* dp1 is dz1 from here on */
        gsl_matrix_set(g->dz1, i / H, i % H, dp1[i]);
    }
    mmf(xT, dp1, dw1, D, N, H);        /* dW1 = X^T dz1 */

    for (size_t c = 0; c < C; c++) {
        float s = 0.0f;
        for (size_t i = 0; i < N; i++) {
            s += dz2[i * C + c];
            gsl_matrix_set(g->dz2, i, c, dz2[i * C + c]);
        }
        gsl_vector_set(g->db2, c, s);
    }
    for (size_t h = 0; h < H; h++) {
        float s = 0.0f;
        for (size_t i = 0; i < N; i++)
            s += dp1[i * H + h];
        gsl_vector_set(g->db1, h, s);
        for (size_t c = 0; c < C; c++)
            gsl_matrix_set(g->dW2, h, c, dw2[h * C + c]
                           + 2.0f * (float)reg * (float)gsl_matrix_get(net->W2, h, c));
        for (size_t d = 0; d < D; d++)
            gsl_matrix_set(g->dW1, d, h, dw1[d * H + h]
                           + 2.0f * (float)reg * (float)gsl_matrix_get(net->W1, d, h));
    }
    g->present = BP_GRADS_ALL;
    rc = 0;
out:
    free(dz2); free(dp1); free(dw2); free(dw1);
    free(p1T); free(xT); free(w2T);
    return rc;
}
