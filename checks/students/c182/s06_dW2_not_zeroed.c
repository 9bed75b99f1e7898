/*
 * Backward pass of the two layer network.
 * Author: (group 7)
 *
 * The weight gradients are built sample by sample: for every row n,
 * dW += outer(input row n, upstream row n).  Row strides from ->tda.
 */

#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t nN = X->size1, nD = net->D, nH = net->H, nC = net->C;
    size_t n, h, c, d;
    const double *pIn, *pUp, *pW;
    double *pOut;

    if (nN != cache->N || X->size2 != nD || g->N != nN)
        return 1;

    /* dz2 */
    for (n = 0; n < nN; n++)
    {
        pIn = cache->prob->data + n * cache->prob->tda;
        pOut = g->dz2->data + n * g->dz2->tda;
        for (c = 0; c < nC; c++)
            pOut[c] = (pIn[c] - (c == y[n] ? 1.0 : 0.0)) / (double) nN;
    }

    /* dW2 : accumulate p1[n]^T dz2[n] (dW2 comes zeroed from bp_grads_alloc) */
    for (n = 0; n < nN; n++)
    {
        pIn = cache->p1->data + n * cache->p1->tda;
        pUp = g->dz2->data + n * g->dz2->tda;
        pOut = g->dW2->data;
        for (h = 0; h < nH; h++)
        {
            for (c = 0; c < nC; c++)
                *pOut++ += pIn[h] * pUp[c];
            pOut += g->dW2->tda - nC;
        }
    }
    pOut = g->dW2->data;
    pW = net->W2->data;
    for (h = 0; h < nH * nC; h++)
        *pOut++ += 2.0 * reg * *pW++;

    /* db2 */
    pOut = g->db2->data;
    for (c = 0; c < nC; c++)
    {
        double sum = 0.0;
        pUp = g->dz2->data + c;
        for (n = 0; n < nN; n++, pUp += g->dz2->tda)
            sum += *pUp;
        pOut[c] = sum;
    }

    /* dp1 = dz2 * W2^T */
    for (n = 0; n < nN; n++)
    {
        pOut = g->dp1->data + n * g->dp1->tda;
        pW = net->W2->data;
        for (h = 0; h < nH; h++)
        {
            double sum = 0.0;
            pUp = g->dz2->data + n * g->dz2->tda;
            for (c = 0; c < nC; c++)
                sum += *pUp++ * *pW++;
            *pOut++ = sum;
        }
    }

    /* dz1 */
    for (n = 0; n < nN; n++)
    {
        const double *pZ = cache->z1->data + n * cache->z1->tda;
        pUp = g->dp1->data + n * g->dp1->tda;
        pOut = g->dz1->data + n * g->dz1->tda;
        for (h = 0; h < nH; h++)
            pOut[h] = pZ[h] > 0.0 ? pUp[h] : 0.0;
    }

    /* dW1 : same as dW2 but zeroed first */
    memset(g->dW1->data, 0, nD * nH * sizeof(double));
    for (n = 0; n < nN; n++)
    {
        pIn = X->data + n * X->tda;
        pUp = g->dz1->data + n * g->dz1->tda;
        pOut = g->dW1->data;
        for (d = 0; d < nD; d++)
            for (h = 0; h < nH; h++)
                *pOut++ += pIn[d] * pUp[h];
    }
    pOut = g->dW1->data;
    pW = net->W1->data;
    for (d = 0; d < nD * nH; d++)
        *pOut++ += 2.0 * reg * *pW++;

    /* db1 */
    memset(g->db1->data, 0, nH * sizeof(double));
    for (n = 0; n < nN; n++)
    {
        pUp = g->dz1->data + n * g->dz1->tda;
        for (h = 0; h < nH; h++)
            g->db1->data[h] += *pUp++;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
