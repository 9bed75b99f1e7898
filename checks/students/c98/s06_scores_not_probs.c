/* HW4 backward pass
 * uses the AT()/VAT() macros from starter.h (copied in below so this
 * file builds on its own)
 */
#include "backprop.h"

#define AT(m,i,j) ((m)->data[(i)*(m)->tda+(j)])
#define VAT(v,i) ((v)->data[(i)*(v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t nb = X->size1, nin = net->D, hid = net->H, cls = net->C;
    size_t i, j, c;

    if (nb != cache->N || X->size2 != nin || g->N != nb)
        return 1;

    /* gradient of the loss wrt the scores:
       (softmax - onehot) / nb, softmax was computed in forward */
    for (i = 0; i < nb; i++)
    {
        for (c = 0; c < cls; c++)
        {
            double t = AT(cache->z2, i, c);
            if (c == y[i])
                t = t - 1.0;
            AT(g->dz2, i, c) = t / nb;
        }
    }

    /* second layer */
    for (j = 0; j < hid; j++)
    {
        for (c = 0; c < cls; c++)
        {
            double acc = 0.0;
            for (i = 0; i < nb; i++)
                acc += AT(cache->p1, i, j) * AT(g->dz2, i, c);
            AT(g->dW2, j, c) = acc + 2.0 * reg * AT(net->W2, j, c);
        }
    }
    for (c = 0; c < cls; c++)
    {
        VAT(g->db2, c) = 0.0;
        for (i = 0; i < nb; i++)
            VAT(g->db2, c) += AT(g->dz2, i, c);
    }

    /* back to the hidden layer */
    for (i = 0; i < nb; i++)
    {
        for (j = 0; j < hid; j++)
        {
            double acc = 0.0;
            for (c = 0; c < cls; c++)
                acc += AT(g->dz2, i, c) * AT(net->W2, j, c);
            AT(g->dp1, i, j) = acc;
            AT(g->dz1, i, j) = (AT(cache->z1, i, j) > 0.0) ? acc : 0.0;
        }
    }

    /* first layer */
    for (i = 0; i < nin; i++)
    {
        for (j = 0; j < hid; j++)
        {
            double acc = 0.0;
            size_t n;
            for (n = 0; n < nb; n++)
                acc += AT(X, n, i) * AT(g->dz1, n, j);
            AT(g->dW1, i, j) = acc + 2.0 * reg * AT(net->W1, i, j);
        }
    }
    for (j = 0; j < hid; j++)
    {
        VAT(g->db1, j) = 0.0;
        for (i = 0; i < nb; i++)
            VAT(g->db1, j) += AT(g->dz1, i, j);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
