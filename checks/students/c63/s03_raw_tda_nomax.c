/* Backward pass of the two-layer net.
   Everything is recomputed from X and the weights with plain loops over
   the raw arrays (row i of a GSL matrix A starts at A->data + i*A->tda).
   The scores are small here, so my_softmax does not bother with the max. */

#include <stdlib.h>
#include <math.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void my_softmax(const double *s, double *p, size_t C)
{
    size_t k;
    double tot = 0.0;

    for (k = 0; k < C; k++)
    {
        p[k] = exp(s[k]);
        tot += p[k];
    }
    for (k = 0; k < C; k++)
        p[k] /= tot;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double *W1 = net->W1->data, *W2 = net->W2->data;
    const size_t tw1 = net->W1->tda, tw2 = net->W2->tda, tx = X->tda;
    double *hid, *sc, *pr;
    double *dz2 = g->dz2->data, *dW2 = g->dW2->data, *dp1 = g->dp1->data;
    double *dz1 = g->dz1->data, *dW1 = g->dW1->data;
    size_t i, j, k, d;

    (void)cache;

    hid = calloc(N * H, sizeof *hid);
    sc = calloc(N * C, sizeof *sc);
    pr = calloc(N * C, sizeof *pr);
    if (hid == NULL || sc == NULL || pr == NULL)
    {
        free(hid);
        free(sc);
        free(pr);
        return 1;
    }

    /* hidden layer: hid = relu(X W1 + b1) */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
        {
            double s = net->b1->data[j * net->b1->stride];
            for (d = 0; d < D; d++)
                s += X->data[i * tx + d] * W1[d * tw1 + j];
            hid[i * H + j] = s > 0.0 ? s : 0.0;
        }

    /* scores and probabilities */
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
        {
            double s = net->b2->data[k * net->b2->stride];
            for (j = 0; j < H; j++)
                s += hid[i * H + j] * W2[j * tw2 + k];
            sc[i * C + k] = s;
        }
        my_softmax(sc + i * C, pr + i * C, C);
    }

    /* dz2 */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            dz2[i * g->dz2->tda + k] = (pr[i * C + k] - (k == y[i] ? 1.0 : 0.0)) / N;

    /* dW2 and db2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
        {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += hid[i * H + j] * dz2[i * g->dz2->tda + k];
            dW2[j * g->dW2->tda + k] = s + 2.0 * reg * W2[j * tw2 + k];
        }
    for (k = 0; k < C; k++)
    {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += dz2[i * g->dz2->tda + k];
        g->db2->data[k * g->db2->stride] = s;
    }

    /* dp1 = dz2 W2^T, then through the relu: a unit is on when hid > 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
        {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += dz2[i * g->dz2->tda + k] * W2[j * tw2 + k];
            dp1[i * g->dp1->tda + j] = s;
            dz1[i * g->dz1->tda + j] = hid[i * H + j] > 0.0 ? s : 0.0;
        }

    /* dW1 and db1 */
    for (d = 0; d < D; d++)
        for (j = 0; j < H; j++)
        {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += X->data[i * tx + d] * dz1[i * g->dz1->tda + j];
            dW1[d * g->dW1->tda + j] = s + 2.0 * reg * W1[d * tw1 + j];
        }
    for (j = 0; j < H; j++)
    {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += dz1[i * g->dz1->tda + j];
        g->db1->data[j * g->db1->stride] = s;
    }

    free(hid);
    free(sc);
    free(pr);
    g->present = BP_GRADS_ALL;
    return 0;
}
