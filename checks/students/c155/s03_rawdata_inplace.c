/* backward.c  --  hand-written backward pass, two layer net
 *
 * I index the GSL blocks directly (data[i*tda + j]) with the macro below,
 * it is much shorter than gsl_matrix_get/set everywhere.
 * dz2 is computed in place in g->dz2, and dz1 is a copy of dp1 that the
 * relu then zeroes in place.
 */

#include "backprop.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* softmax + cross entropy, gradient wrt the scores (in place on d) */
static void softmax_loss_backward(const gsl_matrix *prob, const size_t *y,
                                  gsl_matrix *d)
{
    size_t i, j;
    double invN = 1.0 / d->size1;

    gsl_matrix_memcpy(d, prob);
    for (i = 0; i < d->size1; i++)
    {
        AT(d, i, y[i]) -= 1.0;
        for (j = 0; j < d->size2; j++)
            AT(d, i, j) *= invN;
    }
}

/* y = x W + b, backwards.  dx == NULL for the input layer. */
static void affine_backward(const gsl_matrix *dout, const gsl_matrix *x,
                            const gsl_matrix *W, double reg,
                            gsl_matrix *dx, gsl_matrix *dW, gsl_vector *db)
{
    size_t N = dout->size1, M = dout->size2, K = x->size2;
    size_t i, j, k;

    for (k = 0; k < K; k++)
        for (j = 0; j < M; j++)
        {
            double acc = 2.0 * reg * AT(W, k, j);   /* reg part */
            for (i = 0; i < N; i++)
                acc += AT(x, i, k) * AT(dout, i, j);
            AT(dW, k, j) = acc;
        }

    for (j = 0; j < M; j++)
    {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += AT(dout, i, j);
        db->data[j * db->stride] = acc;
    }

    if (!dx)
        return;
    for (i = 0; i < N; i++)
        for (k = 0; k < K; k++)
        {
            double acc = 0.0;
            for (j = 0; j < M; j++)
                acc += AT(dout, i, j) * AT(W, k, j);
            AT(dx, i, k) = acc;
        }
}

/* relu backward in place: kill the gradient where the input was <= 0 */
static void relu_backward(gsl_matrix *d, const gsl_matrix *z)
{
    size_t i, j;
    for (i = 0; i < d->size1; i++)
        for (j = 0; j < d->size2; j++)
            if (AT(z, i, j) <= 0.0)
                AT(d, i, j) = 0.0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    softmax_loss_backward(cache->prob, y, g->dz2);

    affine_backward(g->dz2, cache->p1, net->W2, reg, g->dp1, g->dW2, g->db2);

    gsl_matrix_memcpy(g->dz1, g->dp1);
    relu_backward(g->dz1, cache->z1);

    affine_backward(g->dz1, X, net->W1, reg, NULL, g->dW1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
