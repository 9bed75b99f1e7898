/*
 * backward.c - two-layer net, backward pass (assignment 3)
 *
 * Style note for the TA: I walk the matrices with row pointers that I bump
 * by the leading dimension (tda) instead of computing i*ld+j every time.
 * The weight gradients start from the reg term and the data term gets
 * added on top, which saves one pass.
 *
 * Math (reg is NOT halved in our loss, so d/dW reg*|W|^2 = 2*reg*W):
 *    dz2 = (prob - Y) / N
 *    dW2 = 2 reg W2 + p1^T dz2          db2 = 1^T dz2
 *    dp1 = dz2 W2^T
 *    dz1 = dp1 (.) 1[z1 > 0]
 *    dW1 = 2 reg W1 + X^T dz1           db1 = 1^T dz1
 */
#include <stdio.h>
#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    const double inv_n = 1.0 / (double) N;

    /* ---------------- dz2 ---------------- */
    {
        const double *pr = cache->prob->data;
        double *out = g->dz2->data;
        for (size_t i = 0; i < N; i++) {
            for (size_t j = 0; j < C; j++)
                out[j] = (pr[j] - (j == y[i] ? 1.0 : 0.0)) * inv_n;
            pr += cache->prob->tda;
            out += g->dz2->tda;
        }
    }

    /* ---------------- dW2, db2 ----------------
     * dW2 starts as 2*reg*W2, then += p1[i][h] * dz2[i][:] for every i */
    {
        const double *w = net->W2->data;
        double *dw = g->dW2->data;
        for (size_t h = 0; h < H; h++) {
            for (size_t c = 0; c < C; c++)
                dw[c] = 2.0 * reg * w[c];
            w += net->W2->tda;
            dw += g->dW2->tda;
        }

        double colsum[C];                 /* VLA, C is small */
        memset(colsum, 0, sizeof colsum);

        const double *a = cache->p1->data;
        const double *d = g->dz2->data;
        for (size_t i = 0; i < N; i++) {
            double *dwrow = g->dW2->data;
            for (size_t h = 0; h < H; h++) {
                double ah = a[h];
                for (size_t c = 0; c < C; c++)
                    dwrow[c] += ah * d[c];
                dwrow += g->dW2->tda;
            }
            for (size_t c = 0; c < C; c++)
                colsum[c] += d[c];
            a += cache->p1->tda;
            d += g->dz2->tda;
        }
        for (size_t c = 0; c < C; c++)
            gsl_vector_set(g->db2, c, colsum[c]);   /* stride-safe */
    }

    /* ---------------- dp1 and dz1 in one sweep ---------------- */
    {
        const double *d  = g->dz2->data;
        const double *z  = cache->z1->data;
        double *dp = g->dp1->data;
        double *dz = g->dz1->data;
        for (size_t i = 0; i < N; i++) {
            const double *w = net->W2->data;
            for (size_t h = 0; h < H; h++) {
                double s = 0.0;
                for (size_t c = 0; c < C; c++)
                    s += d[c] * w[c];       /* W2^T: row h of W2 */
                dp[h] = s;
                dz[h] = z[h] > 0.0 ? s : 0.0;
                w += net->W2->tda;
            }
            d  += g->dz2->tda;
            z  += cache->z1->tda;
            dp += g->dp1->tda;
            dz += g->dz1->tda;
        }
    }

    /* ---------------- dW1, db1 ---------------- */
    {
        const double *w = net->W1->data;
        double *dw = g->dW1->data;
        for (size_t k = 0; k < D; k++) {
            for (size_t h = 0; h < H; h++)
                dw[h] = 2.0 * reg * w[h];
            w += net->W1->tda;
            dw += g->dW1->tda;
        }

        double hsum[H];
        memset(hsum, 0, H * sizeof(double));

        const double *x = X->data;
        const double *dz = g->dz1->data;
        for (size_t i = 0; i < N; i++) {
            double *dwrow = g->dW1->data;
            for (size_t k = 0; k < D; k++) {
                for (size_t h = 0; h < H; h++)
                    dwrow[h] += x[k] * dz[h];
                dwrow += g->dW1->tda;
            }
            for (size_t h = 0; h < H; h++)
                hsum[h] += dz[h];
            x += X->tda;
            dz += g->dz1->tda;
        }
        for (size_t h = 0; h < H; h++)
            gsl_vector_set(g->db1, h, hsum[h]);
    }

#ifdef DEBUG_PRINT
    fprintf(stderr, "db1[0]=%g db2[0]=%g\n", g->db1->data[0], g->db2->data[0]);
#endif
    g->present = BP_GRADS_ALL;
    return 0;
}
