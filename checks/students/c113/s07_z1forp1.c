/*
 * backward.c
 * Lab 4: gradients of the 2-layer net, one function each.
 * Shapes: dz2 NxC, dW2 HxC, db2 C, dp1 NxH, dz1 NxH, dW1 DxH, db1 H
 */

#include "backprop.h"

#define GET(A, i, j) gsl_matrix_get((A), (i), (j))
#define SET(A, i, j, v) gsl_matrix_set((A), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void dz2_grad(const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
    size_t N = prob->size1;
    for (size_t i = 0; i < N; i++)
        for (size_t c = 0; c < prob->size2; c++)
            SET(dz2, i, c, GET(prob, i, c) / N);
    for (size_t i = 0; i < N; i++)
        SET(dz2, i, y[i], GET(dz2, i, y[i]) - 1.0 / N);
}

/* hidden activations (N x H) transposed times dz2, plus reg */
static void dW2_grad(const gsl_matrix *a1, const gsl_matrix *dz2,
                     const gsl_matrix *W2, double reg, gsl_matrix *dW2)
{
    for (size_t h = 0; h < W2->size1; h++)
        for (size_t c = 0; c < W2->size2; c++)
        {
            double s = 2.0 * reg * GET(W2, h, c);
            for (size_t i = 0; i < a1->size1; i++)
                s += GET(a1, i, h) * GET(dz2, i, c);
            SET(dW2, h, c, s);
        }
}

static void db2_grad(const gsl_matrix *dz2, gsl_vector *db2)
{
    for (size_t c = 0; c < dz2->size2; c++)
    {
        double s = 0.0;
        for (size_t i = 0; i < dz2->size1; i++)
            s += GET(dz2, i, c);
        gsl_vector_set(db2, c, s);
    }
}

static void dp1_grad(const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
    for (size_t i = 0; i < dz2->size1; i++)
        for (size_t h = 0; h < W2->size1; h++)
        {
            double s = 0.0;
            for (size_t c = 0; c < W2->size2; c++)
                s += GET(dz2, i, c) * GET(W2, h, c);
            SET(dp1, i, h, s);
        }
}

static void dz1_grad(const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
    for (size_t i = 0; i < z1->size1; i++)
        for (size_t h = 0; h < z1->size2; h++)
            SET(dz1, i, h, GET(z1, i, h) > 0.0 ? GET(dp1, i, h) : 0.0);
}

static void dW1_grad(const gsl_matrix *X, const gsl_matrix *dz1,
                     const gsl_matrix *W1, double reg, gsl_matrix *dW1)
{
    for (size_t d = 0; d < W1->size1; d++)
        for (size_t h = 0; h < W1->size2; h++)
        {
            double s = 2.0 * reg * GET(W1, d, h);
            for (size_t i = 0; i < X->size1; i++)
                s += GET(X, i, d) * GET(dz1, i, h);
            SET(dW1, d, h, s);
        }
}

static void db1_grad(const gsl_matrix *dz1, gsl_vector *db1)
{
    for (size_t h = 0; h < dz1->size2; h++)
    {
        double s = 0.0;
        for (size_t i = 0; i < dz1->size1; i++)
            s += GET(dz1, i, h);
        gsl_vector_set(db1, h, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    dz2_grad(cache->prob, y, g->dz2);
    dW2_grad(cache->z1, g->dz2, net->W2, reg, g->dW2);
    db2_grad(g->dz2, g->db2);
    dp1_grad(g->dz2, net->W2, g->dp1);
    dz1_grad(g->dp1, cache->z1, g->dz1);
    dW1_grad(X, g->dz1, net->W1, reg, g->dW1);
    db1_grad(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
