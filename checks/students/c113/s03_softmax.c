/* Lab 4 - backward pass
 * My forward in lab 3 did not save the probabilities so I compute the
 * softmax again from the scores in grad_scores (max subtracted first). */

#include <math.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void grad_scores (const gsl_matrix *z2, const size_t *y, gsl_matrix *dz2)
{
    size_t N = z2->size1, C = z2->size2;
    for (size_t i = 0; i < N; i++)
    {
        double mx = gsl_matrix_get (z2, i, 0);
        for (size_t k = 1; k < C; k++)
            if (gsl_matrix_get (z2, i, k) > mx)
                mx = gsl_matrix_get (z2, i, k);
        double total = 0.0;
        for (size_t k = 0; k < C; k++)
            total += exp (gsl_matrix_get (z2, i, k) - mx);
        for (size_t k = 0; k < C; k++)
        {
            double p = exp (gsl_matrix_get (z2, i, k) - mx) / total;
            if (k == y[i])
                p = p - 1;
            gsl_matrix_set (dz2, i, k, p / (double) N);
        }
    }
}

static void grad_weights2 (const gsl_matrix *p1, const gsl_matrix *dz2,
                           const gsl_matrix *W2, double reg, gsl_matrix *dW2)
{
    for (size_t a = 0; a < dW2->size1; a++)
        for (size_t b = 0; b < dW2->size2; b++)
        {
            double acc = 2 * reg * gsl_matrix_get (W2, a, b);
            for (size_t n = 0; n < p1->size1; n++)
                acc += gsl_matrix_get (p1, n, a) * gsl_matrix_get (dz2, n, b);
            gsl_matrix_set (dW2, a, b, acc);
        }
}

/* column sums with a column view */
static void grad_bias (const gsl_matrix *dz, gsl_vector *db)
{
    for (size_t j = 0; j < dz->size2; j++)
    {
        gsl_vector_const_view col = gsl_matrix_const_column (dz, j);
        double s = 0;
        for (size_t i = 0; i < col.vector.size; i++)
            s += gsl_vector_get (&col.vector, i);
        gsl_vector_set (db, j, s);
    }
}

static void grad_hidden (const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
    for (size_t n = 0; n < dz2->size1; n++)
        for (size_t h = 0; h < W2->size1; h++)
        {
            double acc = 0;
            for (size_t c = 0; c < dz2->size2; c++)
                acc += gsl_matrix_get (dz2, n, c) * gsl_matrix_get (W2, h, c);
            gsl_matrix_set (dp1, n, h, acc);
        }
}

/* copy dp1 then kill the entries where the relu was off (in place) */
static void grad_relu (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
    gsl_matrix_memcpy (dz1, dp1);
    for (size_t n = 0; n < z1->size1; n++)
        for (size_t h = 0; h < z1->size2; h++)
            if (gsl_matrix_get (z1, n, h) <= 0)
                gsl_matrix_set (dz1, n, h, 0);
}

static void grad_weights1 (const gsl_matrix *X, const gsl_matrix *dz1,
                           const gsl_matrix *W1, double reg, gsl_matrix *dW1)
{
    for (size_t a = 0; a < dW1->size1; a++)
        for (size_t b = 0; b < dW1->size2; b++)
        {
            double acc = 2 * reg * gsl_matrix_get (W1, a, b);
            for (size_t n = 0; n < X->size1; n++)
                acc += gsl_matrix_get (X, n, a) * gsl_matrix_get (dz1, n, b);
            gsl_matrix_set (dW1, a, b, acc);
        }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    if (X->size1 != cache->N || g->N != cache->N || X->size2 != net->D)
        return 1;

    grad_scores (cache->z2, y, g->dz2);                      /* 1 */
    grad_weights2 (cache->p1, g->dz2, net->W2, reg, g->dW2); /* 2 */
    grad_bias (g->dz2, g->db2);                              /* 3 */
    grad_hidden (g->dz2, net->W2, g->dp1);                   /* 4 */
    grad_relu (g->dp1, cache->z1, g->dz1);                   /* 5 */
    grad_weights1 (X, g->dz1, net->W1, reg, g->dW1);         /* 6 */
    grad_bias (g->dz1, g->db1);                              /* 7 */

    g->present = BP_GRADS_ALL;
    return 0;
}
