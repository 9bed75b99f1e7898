/*
 * backward.c -- CS lab, two layer network
 * author: (student)
 *
 * Notation: i sample, h hidden unit, c class, f input feature.
 */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* forward cache + params */
#define IN(i,f)     X->data[(i)*X->tda+(f)]
#define WA(f,h)     net->W1->data[(f)*net->W1->tda+(h)]
#define WB(h,c)     net->W2->data[(h)*net->W2->tda+(c)]
#define Z1(i,h)     cache->z1->data[(i)*cache->z1->tda+(h)]
#define P1(i,h)     cache->p1->data[(i)*cache->p1->tda+(h)]

/* gradients */
#define DZ2(i,c)    g->dz2->data[(i)*g->dz2->tda+(c)]
#define DWB(h,c)    g->dW2->data[(h)*g->dW2->tda+(c)]
#define DBB(c)      g->db2->data[(c)*g->db2->stride]
#define DP1(i,h)    g->dp1->data[(i)*g->dp1->tda+(h)]
#define DZ1(i,h)    g->dz1->data[(i)*g->dz1->tda+(h)]
#define DWA(f,h)    g->dW1->data[(f)*g->dW1->tda+(h)]
#define DBA(h)      g->db1->data[(h)*g->db1->stride]

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t F = net->D, Hn = net->H, Cn = net->C;
    size_t i, f, h, c;

    if (N != cache->N || X->size2 != F || g->N != N)
    {
        return 1;
    }

    /* dz2 = (prob - 1{c == y}) / N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
    {
        DZ2(i, y[i]) -= 1.0;
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* dW2 = p1^T dz2 + 2 reg W2 */
    for (h = 0; h < Hn; h++)
    {
        for (c = 0; c < Cn; c++)
        {
            double acc = 0.0;
            for (i = 0; i < N; i++)
            {
                acc += P1(i, h) * DZ2(i, c);
            }
            DWB(h, c) = acc + 2.0 * reg * WB(h, c);
        }
    }

    /* db2: column sums of dz2, start from the first row */
    for (c = 0; c < Cn; c++)
    {
        DBB(c) = DZ2(0, c);
        for (i = 0; i < N; i++)
        {
            DBB(c) += DZ2(i, c);
        }
    }

    /* dp1 = dz2 W2^T */
    for (i = 0; i < N; i++)
    {
        for (h = 0; h < Hn; h++)
        {
            double acc = 0.0;
            for (c = 0; c < Cn; c++)
            {
                acc += DZ2(i, c) * WB(h, c);
            }
            DP1(i, h) = acc;
        }
    }

    /* through the relu */
    for (i = 0; i < N; i++)
    {
        for (h = 0; h < Hn; h++)
        {
            if (Z1(i, h) > 0.0)
                DZ1(i, h) = DP1(i, h);
            else
                DZ1(i, h) = 0.0;
        }
    }

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (f = 0; f < F; f++)
    {
        for (h = 0; h < Hn; h++)
        {
            double acc = 0.0;
            for (i = 0; i < N; i++)
            {
                acc += IN(i, f) * DZ1(i, h);
            }
            DWA(f, h) = acc + 2.0 * reg * WA(f, h);
        }
    }

    /* db1 */
    for (h = 0; h < Hn; h++)
    {
        DBA(h) = 0.0;
        for (i = 0; i < N; i++)
        {
            DBA(h) += DZ1(i, h);
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
