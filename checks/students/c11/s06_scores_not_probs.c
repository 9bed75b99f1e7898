/*  backward.c  --  Homework 5, neural net backprop
 *  Arjun Mehta  (am2291)
 *
 *  Each layer's backward is its own function on plain double arrays,
 *  row-major, with explicit dims (the gsl matrices here all have
 *  tda == size2, I checked in gdb).
 *
 *  TODO: clean up the commented-out prints before submitting
 */

#include <stdio.h>
#include "backprop.h"

/* ------------------------------------------------------------------ */
/*  softmaxLossBackward                                               */
/*  in : probs (n x c), labels y (n)                                  */
/*  out: dScores (n x c) = (probs - onehot) / n                       */
/* ------------------------------------------------------------------ */
static void softmaxLossBackward(const double *probs, const size_t *y,
                                size_t n, size_t c, double *dScores)
{
    size_t i, j;
    for (i = 0; i < n; i++) {
        for (j = 0; j < c; j++) {
            double v = probs[i * c + j];
            if (j == y[i])
                v -= 1.0;
            dScores[i * c + j] = v / (double)n;
        }
    }
}

/* ------------------------------------------------------------------ */
/*  affineBackward                                                    */
/*  forward was  out(n x m) = in(n x k) * W(k x m) + b(m)             */
/*  dIn = dOut * W^T,  dW = in^T * dOut,  db = sum_i dOut[i][:]       */
/*  dIn may be NULL                                                   */
/* ------------------------------------------------------------------ */
static void affineBackward(const double *dOut, const double *in,
                           const double *W, size_t n, size_t k, size_t m,
                           double *dIn, double *dW, double *db)
{
    size_t i, p, q;

    for (p = 0; p < k; p++)
        for (q = 0; q < m; q++) {
            double s = 0.0;
            for (i = 0; i < n; i++)
                s += in[i * k + p] * dOut[i * m + q];
            dW[p * m + q] = s;
        }

    for (q = 0; q < m; q++) {
        double s = 0.0;
        for (i = 0; i < n; i++)
            s += dOut[i * m + q];
        db[q] = s;
    }

    if (dIn != NULL)
        for (i = 0; i < n; i++)
            for (p = 0; p < k; p++) {
                double s = 0.0;
                for (q = 0; q < m; q++)
                    s += dOut[i * m + q] * W[p * m + q];
                dIn[i * k + p] = s;
            }
}

/* ------------------------------------------------------------------ */
/*  reluBackward: dIn = dOut where the pre-activation was > 0          */
/* ------------------------------------------------------------------ */
static void reluBackward(const double *dOut, const double *preact,
                         size_t len, double *dIn)
{
    size_t i;
    for (i = 0; i < len; i++)
        dIn[i] = preact[i] > 0.0 ? dOut[i] : 0.0;
}

/* L2 on a weight matrix, added to its gradient */
static void l2Backward(const double *W, size_t len, double reg, double *dW)
{
    size_t i;
    for (i = 0; i < len; i++)
        dW[i] += 2.0 * reg * W[i];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* loss layer: scores -> dScores */
    softmaxLossBackward(cache->z2->data, y, N, C, g->dz2->data);
    /* printf("dz2[0] = %g\n", g->dz2->data[0]); */

    /* second affine */
    affineBackward(g->dz2->data, cache->p1->data, net->W2->data, N, H, C,
                   g->dp1->data, g->dW2->data, g->db2->data);
    l2Backward(net->W2->data, H * C, reg, g->dW2->data);

    /* relu */
    reluBackward(g->dp1->data, cache->z1->data, N * H, g->dz1->data);

    /* first affine, dX not needed */
    affineBackward(g->dz1->data, X->data, net->W1->data, N, D, H,
                   NULL, g->dW1->data, g->db1->data);
    l2Backward(net->W1->data, D * H, reg, g->dW1->data);
    /* printf("dW1[0] = %g\n", g->dW1->data[0]); */

    g->present = BP_GRADS_ALL;
    return 0;
}
