/*
 * backward.c  --  2-layer net, backward pass
 *
 * softmax backward without building the C x C matrix:
 *   dz_j = sum_k g_k * p_k * (delta_kj - p_j)
 *        = p_j * g_j - p_j * (g . p)
 * where g = dL/dprob for that row.
 * (worked this out on paper, see notes p.4)
 */
#include <stdlib.h>
#include "backprop.h"

/* element (i,j) of a gsl matrix, straight from the data block */
#define EL(M, i, j) ((M)->data[(i) * (M)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n, c, k, h, d;
    size_t nb = X->size1, nin = net->D, nhid = net->H, ncls = net->C;
    double *grow;     /* dL/dprob of the current row */
    double gp, acc;

    grow = calloc(ncls, sizeof *grow);
    if (!grow)
        return 1;

    for (n = 0; n < nb; n++)
    {
        for (c = 0; c < ncls; c++)
            grow[c] = 0.0;
        grow[y[n]] = -1.0 / (nb * EL(cache->prob, n, y[n]));

        gp = 0.0;
        for (k = 0; k < ncls; k++)
            gp += grow[k] * EL(cache->prob, n, k);

        for (c = 0; c < ncls; c++)
            EL(g->dz2, n, c) = EL(cache->prob, n, c) * (grow[c] - gp);
    }
    free(grow);

    /* W2, b2 */
    for (h = 0; h < nhid; h++)
    {
        for (c = 0; c < ncls; c++)
        {
            acc = 2 * reg * EL(net->W2, h, c);
            for (n = 0; n < nb; n++)
                acc += EL(cache->p1, n, h) * EL(g->dz2, n, c);
            EL(g->dW2, h, c) = acc;
        }
    }
    for (c = 0; c < ncls; c++)
    {
        acc = 0;
        for (n = 0; n < nb; n++)
            acc += EL(g->dz2, n, c);
        g->db2->data[c * g->db2->stride] = acc;
    }

    /* back into the hidden layer; dz1 is dp1 with the dead units zeroed */
    for (n = 0; n < nb; n++)
    {
        for (h = 0; h < nhid; h++)
        {
            acc = 0;
            for (c = 0; c < ncls; c++)
                acc += EL(g->dz2, n, c) * EL(net->W2, h, c);
            EL(g->dp1, n, h) = acc;
            EL(g->dz1, n, h) = acc;
            if (!(EL(cache->p1, n, h) > 0))
                EL(g->dz1, n, h) = 0;
        }
    }

    /* W1, b1 */
    for (d = 0; d < nin; d++)
        for (h = 0; h < nhid; h++)
        {
            acc = 2 * reg * EL(net->W1, d, h);
            for (n = 0; n < nb; n++)
                acc += EL(X, n, d) * EL(g->dz1, n, h);
            EL(g->dW1, d, h) = acc;
        }
    for (h = 0; h < nhid; h++)
    {
        acc = 0;
        for (n = 0; n < nb; n++)
            acc += EL(g->dz1, n, h);
        g->db1->data[h * g->db1->stride] = acc;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
