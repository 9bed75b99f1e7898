/* backward.c -- 2-layer net backprop.
 * Own forward pass (recompute_hidden + my_softmax), then the gradients.
 * my_softmax skips the max trick: with these small nets exp() is fine. */

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
recompute_hidden (const bp_net *net, const gsl_matrix *X,
                  gsl_matrix *z1, gsl_matrix *p1)
{
    size_t i, j;

    gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, X, net->W1, 0.0, z1);
    for (i = 0; i < z1->size1; i++)
        for (j = 0; j < z1->size2; j++)
        {
            double v = gsl_matrix_get (z1, i, j) + gsl_vector_get (net->b1, j);
            gsl_matrix_set (z1, i, j, v);
            gsl_matrix_set (p1, i, j, v > 0.0 ? v : 0.0);
        }
}

static void
my_softmax (gsl_matrix *s)
{
    size_t i, j;

    for (i = 0; i < s->size1; i++)
    {
        double tot = 0.0;
        for (j = 0; j < s->size2; j++)
        {
            gsl_matrix_set (s, i, j, exp (gsl_matrix_get (s, i, j)));
            tot += gsl_matrix_get (s, i, j);
        }
        for (j = 0; j < s->size2; j++)
            gsl_matrix_set (s, i, j, gsl_matrix_get (s, i, j) / tot);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;
    gsl_matrix *z1 = gsl_matrix_alloc (N, H);
    gsl_matrix *p1 = gsl_matrix_alloc (N, H);
    gsl_matrix *dscores = gsl_matrix_alloc (N, C);
    gsl_vector *ones = gsl_vector_alloc (N);

    (void) cache;
    if (z1 == NULL || p1 == NULL || dscores == NULL || ones == NULL)
    {
        gsl_matrix_free (z1);
        gsl_matrix_free (p1);
        gsl_matrix_free (dscores);
        gsl_vector_free (ones);
        return 1;
    }
    gsl_vector_set_all (ones, 1.0);

    recompute_hidden (net, X, z1, p1);

    /* scores = p1 W2 + b2 -> probs, in dscores */
    gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, p1, net->W2, 0.0, dscores);
    for (i = 0; i < N; i++)
    {
        gsl_vector_view r = gsl_matrix_row (dscores, i);
        gsl_vector_add (&r.vector, net->b2);
    }
    my_softmax (dscores);

    /* dscores = probs - 1 at the label */
    for (i = 0; i < N; i++)
        gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);

    /* backprop into the hidden layer while dscores is at hand */
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, g->dp1);

    /* average over the batch */
    gsl_matrix_memcpy (g->dz2, dscores);
    gsl_matrix_scale (g->dz2, 1.0 / (double) N);

    /* dW2 = p1^T dz2 + 2 reg W2, db2 = 1^T dz2 */
    gsl_matrix_memcpy (g->dW2, net->W2);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, p1, g->dz2, 2.0 * reg, g->dW2);
    gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    /* relu */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (z1, i, j) > 0.0
                            ? gsl_matrix_get (g->dp1, i, j) : 0.0);

    /* dW1 = X^T dz1 + 2 reg W1, db1 = 1^T dz1 */
    gsl_matrix_memcpy (g->dW1, net->W1);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_matrix_free (z1);
    gsl_matrix_free (p1);
    gsl_matrix_free (dscores);
    gsl_vector_free (ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
