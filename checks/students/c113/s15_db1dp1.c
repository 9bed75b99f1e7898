/*
 * Lab 4 -- backward.c
 *
 * dz2 -> dW2, db2, dp1 -> dz1 -> dW1, db1
 * The bias helpers sum each column with a column view and gsl_vector_sum.
 */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void dz2_of(const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
    size_t i, j;
    size_t N = prob->size1;

    for (i = 0; i < N; i++)
    {
        for (j = 0; j < prob->size2; j++)
        {
            double v = gsl_matrix_get(prob, i, j);
            gsl_matrix_set(dz2, i, j, (j == y[i] ? v - 1.0 : v) / N);
        }
    }
}

static void dW2_of(const gsl_matrix *p1, const gsl_matrix *dz2, const gsl_matrix *W2,
                   double reg, gsl_matrix *dW2)
{
    size_t i, j, n;

    for (i = 0; i < W2->size1; i++)
    {
        for (j = 0; j < W2->size2; j++)
        {
            double s = 0.0;
            for (n = 0; n < p1->size1; n++)
                s += gsl_matrix_get(p1, n, i) * gsl_matrix_get(dz2, n, j);
            gsl_matrix_set(dW2, i, j, s + 2.0 * reg * gsl_matrix_get(W2, i, j));
        }
    }
}

static void db2_of(const gsl_matrix *dz2, gsl_vector *db2)
{
    size_t j;

    for (j = 0; j < dz2->size2; j++)
    {
        gsl_vector_const_view col = gsl_matrix_const_column(dz2, j);
        gsl_vector_set(db2, j, gsl_vector_sum(&col.vector));
    }
}

static void dp1_of(const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
    size_t n, i, j;

    for (n = 0; n < dz2->size1; n++)
    {
        for (i = 0; i < W2->size1; i++)
        {
            double s = 0.0;
            for (j = 0; j < W2->size2; j++)
                s += gsl_matrix_get(dz2, n, j) * gsl_matrix_get(W2, i, j);
            gsl_matrix_set(dp1, n, i, s);
        }
    }
}

static void dz1_of(const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
    size_t n, i;

    for (n = 0; n < z1->size1; n++)
        for (i = 0; i < z1->size2; i++)
            gsl_matrix_set(dz1, n, i,
                           gsl_matrix_get(z1, n, i) > 0.0 ? gsl_matrix_get(dp1, n, i) : 0.0);
}

static void dW1_of(const gsl_matrix *X, const gsl_matrix *dz1, const gsl_matrix *W1,
                   double reg, gsl_matrix *dW1)
{
    size_t i, j, n;

    for (i = 0; i < W1->size1; i++)
    {
        for (j = 0; j < W1->size2; j++)
        {
            double s = 0.0;
            for (n = 0; n < X->size1; n++)
                s += gsl_matrix_get(X, n, i) * gsl_matrix_get(dz1, n, j);
            gsl_matrix_set(dW1, i, j, s + 2.0 * reg * gsl_matrix_get(W1, i, j));
        }
    }
}

static void db1_of(const gsl_matrix *dz1, gsl_vector *db1)
{
    size_t j;

    for (j = 0; j < dz1->size2; j++)
    {
        gsl_vector_const_view col = gsl_matrix_const_column(dz1, j);
        gsl_vector_set(db1, j, gsl_vector_sum(&col.vector));
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    dz2_of(cache->prob, y, g->dz2);
    dW2_of(cache->p1, g->dz2, net->W2, reg, g->dW2);
    db2_of(g->dz2, g->db2);
    dp1_of(g->dz2, net->W2, g->dp1);
    dz1_of(g->dp1, cache->z1, g->dz1);
    dW1_of(X, g->dz1, net->W1, reg, g->dW1);
    db1_of(g->dp1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
