// backward pass for the 2 layer net
// only two scratch pieces: dscores and dhid.  dz1 is done in place in dhid
// (after dp1 has been saved).  parameter grads go directly into g.

#include <stdlib.h>
#include <string.h>
#include "backprop.h"

// element (r, c) of a flat piece with row length ld
#define EL(p, r, c, ld)   ((p)[(r) * (ld) + (c)])
// element (r, c) of a gsl matrix, through tda
#define M(m, r, c)        ((m)->data[(r) * (m)->tda + (c)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, h, c, d;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    double *scratch = calloc(N * C + N * H, sizeof(double));
    if (scratch == NULL)
        return 1;
    double *dscores = scratch;          // N x C
    double *dhid = scratch + N * C;     // N x H

    // dscores
    for (n = 0; n < N; n++)
    {
        for (c = 0; c < C; c++)
            EL(dscores, n, c, C) = M(cache->prob, n, c) / (double) N;
        EL(dscores, n, y[n], C) -= 1.0 / (double) N;
    }

    // W2, b2
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
        {
            double acc = 2.0 * reg * M(net->W2, h, c);
            for (n = 0; n < N; n++)
                acc += M(cache->p1, n, h) * EL(dscores, n, c, C);
            M(g->dW2, h, c) = acc;
        }
    for (c = 0; c < C; c++)
    {
        double acc = 0.0;
        for (n = 0; n < N; n++)
            acc += EL(dscores, n, c, C);
        g->db2->data[c * g->db2->stride] = acc;
    }

    // hidden
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
        {
            double acc = 0.0;
            for (c = 0; c < C; c++)
                acc += EL(dscores, n, c, C) * M(net->W2, h, c);
            EL(dhid, n, h, H) = acc;
        }

    // save dz2 and dp1 before dhid gets overwritten
    for (n = 0; n < N; n++)
    {
        memcpy(&M(g->dz2, n, 0), &EL(dscores, n, 0, C), C * sizeof(double));
        memcpy(&M(g->dp1, n, 0), &EL(dhid, n, 0, H), H * sizeof(double));
    }

    // relu backward, in place
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            if (M(cache->z1, n, h) <= 0.0)
                EL(dhid, n, h, H) = 0.0;

    // W1, b1
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
        {
            double acc = 2.0 * reg * M(net->W1, d, h);
            for (n = 0; n < N; n++)
                acc += M(X, n, d) * EL(dhid, n, h, H);
            M(g->dW1, d, h) = acc;
        }
    for (h = 0; h < H; h++)
    {
        double acc = 0.0;
        for (n = 0; n < N; n++)
            acc += EL(dhid, n, h, H);
        g->db1->data[h * g->db1->stride] = acc;
    }

    for (n = 0; n < N; n++)
        memcpy(&M(g->dz1, n, 0), &EL(dhid, n, 0, H), H * sizeof(double));

    free(scratch);
    g->present = BP_GRADS_ALL;
    return 0;
}
