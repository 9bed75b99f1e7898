/*
 * Assignment 4 -- backward pass
 * Uses ->data directly (with tda, the row stride) because get/set was too
 * slow in my training loop.  One function per gradient.
 */
#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(m, i, j)  ((m)->data[(i) * (m)->tda + (j)])
#define VAT(v, i)    ((v)->data[(i) * (v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void dz2_grad(const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
    size_t i, c;
    double invN = 1.0 / (double) prob->size1;

    for (i = 0; i < prob->size1; i++)
    {
        for (c = 0; c < prob->size2; c++)
            AT(dz2, i, c) = AT(prob, i, c) * invN;
        AT(dz2, i, y[i]) -= invN;
    }
}

/* generic: dW = A^T dZ + 2*reg*W */
static void dW2_grad(const gsl_matrix *p1, const gsl_matrix *dz2,
                     const gsl_matrix *W2, double reg, gsl_matrix *dW2)
{
    size_t h, c, n;

    for (h = 0; h < dW2->size1; h++)
    {
        for (c = 0; c < dW2->size2; c++)
        {
            double acc = 2.0 * reg * AT(W2, h, c);
            for (n = 0; n < p1->size1; n++)
                acc += AT(p1, n, h) * AT(dz2, n, c);
            AT(dW2, h, c) = acc;
        }
    }
}

static void db2_grad(const gsl_matrix *dz2, gsl_vector *db2)
{
    size_t n, c;

    for (c = 0; c < dz2->size2; c++)
        VAT(db2, c) = 0.0;
    for (n = 0; n < dz2->size1; n++)
        for (c = 0; c < dz2->size2; c++)
            VAT(db2, c) += AT(dz2, n, c);
}

static void dp1_grad(const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
    size_t n, h, c;

    for (n = 0; n < dp1->size1; n++)
    {
        for (h = 0; h < dp1->size2; h++)
        {
            double acc = 0.0;
            for (c = 0; c < dz2->size2; c++)
                acc += AT(dz2, n, c) * AT(W2, h, c);
            AT(dp1, n, h) = acc;
        }
    }
}

/* p1 > 0 exactly where z1 > 0, so the mask can come from p1 */
static void dz1_grad(const gsl_matrix *dp1, const gsl_matrix *p1, gsl_matrix *dz1)
{
    size_t n, h;

    for (n = 0; n < dz1->size1; n++)
        for (h = 0; h < dz1->size2; h++)
            AT(dz1, n, h) = AT(p1, n, h) > 0.0 ? AT(dp1, n, h) : 0.0;
}

static void dW1_grad(const gsl_matrix *X, const gsl_matrix *dz1,
                     const gsl_matrix *W1, double reg, gsl_matrix *dW1)
{
    size_t d, h, n;

    for (d = 0; d < dW1->size1; d++)
        for (h = 0; h < dW1->size2; h++)
            AT(dW1, d, h) = 2.0 * reg * AT(W1, d, h);
    for (n = 0; n < X->size1; n++)
        for (d = 0; d < X->size2; d++)
        {
            double x = AT(X, n, d);
            for (h = 0; h < dz1->size2; h++)
                AT(dW1, d, h) += x * AT(dz1, n, h);
        }
}

static void db1_grad(const gsl_matrix *dz1, gsl_vector *db1)
{
    size_t n, h;

    for (h = 0; h < dz1->size2; h++)
    {
        double s = 0.0;
        for (n = 0; n < dz1->size1; n++)
            s += AT(dz1, n, h);
        VAT(db1, h) = s;
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    dz2_grad(cache->prob, y, g->dz2);
    dW2_grad(cache->p1, g->dz2, net->W2, reg, g->dW2);
    db2_grad(g->dz2, g->db2);
    dp1_grad(g->dz2, net->W2, g->dp1);
    dz1_grad(g->dp1, cache->p1, g->dz1);
    dW1_grad(X, g->dz1, net->W1, reg, g->dW1);
    db1_grad(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
