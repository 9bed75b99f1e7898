/*
 * backward.c
 * Homework 3 - two layer net backprop
 *
 * gsl_matrix_get is really slow (it checks bounds every time) so I index
 * the data array directly. Remember: rows are tda apart, not size2 apart!!
 */

#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(m, r, c) ((m)->data[(r) * (m)->tda + (c)])
#define VAT(v, r) ((v)->data[(r) * (v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t batch = X->size1;
    const size_t dim = X->size2;
    const size_t hidden = net->H;
    const size_t classes = net->C;
    size_t r, c, t;

    if (batch != cache->N || dim != net->D || g->N != batch)
        return 1;

    /* scores gradient */
    for (r = 0; r < batch; r++)
    {
        for (c = 0; c < classes; c++)
            AT(g->dz2, r, c) = AT(cache->prob, r, c) / batch;
        AT(g->dz2, r, y[r]) -= 1.0 / batch;
    }

    /* second layer: dW2 and db2 */
    for (t = 0; t < hidden; t++)
        for (c = 0; c < classes; c++)
            AT(g->dW2, t, c) = 0.0;
    for (c = 0; c < classes; c++)
        VAT(g->db2, c) = 0.0;

    for (r = 0; r < batch; r++)
    {
        for (c = 0; c < classes; c++)
        {
            double d = AT(g->dz2, r, c);
            for (t = 0; t < hidden; t++)
                AT(g->dW2, t, c) += AT(cache->p1, r, t) * d;
            VAT(g->db2, c) += d;
        }
    }
    for (t = 0; t < hidden; t++)
        for (c = 0; c < classes; c++)
            AT(g->dW2, t, c) += 2 * reg * AT(net->W2, t, c);

    /* into the hidden layer */
    for (r = 0; r < batch; r++)
    {
        for (t = 0; t < hidden; t++)
        {
            double acc = 0.0;
            for (c = 0; c < classes; c++)
                acc += AT(g->dz2, r, c) * AT(net->W2, t, c);
            AT(g->dp1, r, t) = acc;
            /* relu */
            AT(g->dz1, r, t) = AT(cache->z1, r, t) > 0.0 ? acc : 0.0;
        }
    }

    /* first layer */
    for (c = 0; c < dim; c++)
    {
        for (t = 0; t < hidden; t++)
        {
            double acc = 2 * reg * AT(net->W1, c, t);
            for (r = 0; r < batch; r++)
                acc += AT(X, r, c) * AT(g->dz1, r, t);
            AT(g->dW1, c, t) = acc;
        }
    }
    for (t = 0; t < hidden; t++)
    {
        double acc = 0.0;
        for (r = 0; r < batch; r++)
            acc += AT(g->dz1, r, t);
        VAT(g->db1, t) = acc;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
