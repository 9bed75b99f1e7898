/*
 * backward.c -- Lab 5: backprop for the two-layer net
 * Chen Wei
 *
 * Fill in each TODO block below.  Each block writes one or two of the
 * gradients in g (the shapes are in grads.h).
 *
 * I go through ->data directly, row i of an (R, K) gsl_matrix starts at
 * data + i * tda (tda can be bigger than K for views!).
 */
#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define VAT(v, i)   ((v)->data[(i) * (v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
    const double invN = 1.0 / (double) N;
    size_t i, j, k;

    /* TODO: compute dscores */
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
            AT(g->dz2, i, k) = AT(cache->prob, i, k) * invN;
        AT(g->dz2, i, y[i]) -= invN;
    }

    /* TODO: backprop into W2 and b2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            AT(g->dW2, j, k) = 2.0 * reg * AT(net->W2, j, k);
    for (k = 0; k < C; k++)
        VAT(g->db2, k) = 0.0;
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
        {
            double d = AT(g->dz2, i, k);
            VAT(g->db2, k) += d;
            for (j = 0; j < H; j++)
                AT(g->dW2, j, k) += AT(cache->p1, i, j) * d;
        }
    }

    /* TODO: backprop into the hidden layer */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
        {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += AT(g->dz2, i, k) * AT(net->W2, j, k);
            AT(g->dp1, i, j) = s;
        }

    /* TODO: ReLU */
    /* copy dp1 into dz1 and kill the entries where the unit was off */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
        {
            AT(g->dz1, i, j) = AT(g->dp1, i, j);
            if (AT(cache->z1, i, j) <= 0.0)
                AT(g->dz1, i, j) = 0.0;
        }

    /* TODO: backprop into W1 and b1 */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++)
        {
            double s = 2.0 * reg * AT(net->W1, k, j);
            for (i = 0; i < N; i++)
                s += AT(X, i, k) * AT(g->dz1, i, j);
            AT(g->dW1, k, j) = s;
        }
    for (j = 0; j < H; j++)
    {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += AT(g->dz1, i, j);
        VAT(g->db1, j) = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
