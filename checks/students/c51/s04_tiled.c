/* backward.c  --  backward pass of the two-layer net, lab 3
 *
 * - dz2 straight from the scores z2 (max-shifted softmax), not from prob
 * - W2 transposed once into a scratch buffer so the dp1 dot products
 *   run along contiguous memory
 * - dW1 and dW2 in 4x4 tiles of the output, each tile swept over the batch
 * - ReLU gate read from p1 (p1 > 0 exactly where z1 > 0)
 */

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "backprop.h"

#define TB 4
#define MIN(a, b) ((a) < (b) ? (a) : (b))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A' B + two_reg W, tile by tile; A (n x p), B (n x q) */
static void
tiled_atb (const gsl_matrix *A, const gsl_matrix *B, const gsl_matrix *W,
           double two_reg, gsl_matrix *out)
{
    const size_t n = A->size1, p = A->size2, q = B->size2;
    size_t r0, c0, r, c, i;

    for (r0 = 0; r0 < p; r0 += TB)
    {
        const size_t r1 = MIN (r0 + TB, p);
        for (c0 = 0; c0 < q; c0 += TB)
        {
            const size_t c1 = MIN (c0 + TB, q);
            for (r = r0; r < r1; r++)
            {
                double *o = gsl_matrix_ptr (out, r, 0);
                const double *w = gsl_matrix_const_ptr (W, r, 0);
                for (c = c0; c < c1; c++)
                    o[c] = two_reg * w[c];
            }
            for (i = 0; i < n; i++)
            {
                const double *a = gsl_matrix_const_ptr (A, i, 0);
                const double *b = gsl_matrix_const_ptr (B, i, 0);
                for (r = r0; r < r1; r++)
                {
                    double *o = gsl_matrix_ptr (out, r, 0);
                    const double ar = a[r];
                    for (c = c0; c < c1; c++)
                        o[c] += ar * b[c];
                }
            }
        }
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double inv_n = 1.0 / (double) N;
    const double two_reg = 2.0 * reg;
    double *w2t;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;
    w2t = malloc (C * H * sizeof (double));
    if (w2t == NULL)
        return 1;

    /* dz2 from z2 */
    for (i = 0; i < N; i++)
    {
        const double *z = gsl_matrix_const_ptr (cache->z2, i, 0);
        double *d = gsl_matrix_ptr (g->dz2, i, 0);
        double m = z[0], s = 0.0;
        for (k = 1; k < C; k++)
            if (z[k] > m)
                m = z[k];
        for (k = 0; k < C; k++)
        {
            d[k] = exp (z[k] - m);
            s += d[k];
        }
        s = inv_n / s;
        for (k = 0; k < C; k++)
            d[k] *= s;
        d[y[i]] -= inv_n;
    }

    tiled_atb (cache->p1, g->dz2, net->W2, two_reg, g->dW2);

    memset (g->db2->data, 0, C * sizeof (double));
    for (i = 0; i < N; i++)
    {
        const double *d = gsl_matrix_const_ptr (g->dz2, i, 0);
        for (k = 0; k < C; k++)
            g->db2->data[k] += d[k];
    }

    /* W2' into w2t (C x H) */
    for (j = 0; j < H; j++)
    {
        const double *w = gsl_matrix_const_ptr (net->W2, j, 0);
        for (k = 0; k < C; k++)
            w2t[k * H + j] = w[k];
    }

    /* dp1 = dz2 W2', as rows of dz2 times rows of w2t */
    for (i = 0; i < N; i++)
    {
        const double *d = gsl_matrix_const_ptr (g->dz2, i, 0);
        double *dp = gsl_matrix_ptr (g->dp1, i, 0);
        memset (dp, 0, H * sizeof (double));
        for (k = 0; k < C; k++)
        {
            const double dk = d[k];
            const double *wt = w2t + k * H;
            for (j = 0; j < H; j++)
                dp[j] += dk * wt[j];
        }
    }

    /* dz1 through the gate, db1 in the same pass */
    memset (g->db1->data, 0, H * sizeof (double));
    for (i = 0; i < N; i++)
    {
        const double *a = gsl_matrix_const_ptr (cache->p1, i, 0);
        const double *dp = gsl_matrix_const_ptr (g->dp1, i, 0);
        double *dz = gsl_matrix_ptr (g->dz1, i, 0);
        for (j = 0; j < H; j++)
        {
            dz[j] = a[j] > 0.0 ? dp[j] : 0.0;
            g->db1->data[j] += dz[j];
        }
    }

    tiled_atb (X, g->dz1, net->W1, two_reg, g->dW1);

    free (w2t);
    g->present = BP_GRADS_ALL;
    return 0;
}
