/*
 * backward.c - gradients of the two layer net, layer by layer.
 *
 * forward:  X -> [affine W1,b1] -> [relu] -> [affine W2,b2] -> [softmax loss]
 * backward: the same layers in reverse, each one gets the upstream
 *           gradient and returns the gradients of its inputs/params.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void softmax_loss_backward(const gsl_matrix *probs, const size_t *labels,
                                  gsl_matrix *dout)
{
    size_t n, k;
    size_t N = probs->size1;

    for (n = 0; n < N; n++)
    {
        for (k = 0; k < probs->size2; k++)
        {
            double grad = gsl_matrix_get(probs, n, k);
            if (k == labels[n])
            {
                grad = grad - 1.0;
            }
            gsl_matrix_set(dout, n, k, grad / (double)N);
        }
    }
}

/* backward of  out = in*W + b  with the L2 penalty of W included */
static void affine_backward(const gsl_matrix *dout, const gsl_matrix *in,
                            const gsl_matrix *W, double reg,
                            gsl_matrix *din, gsl_matrix *dW, gsl_vector *db)
{
    size_t r, c, n;

    /* data part */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, in, dout, 0.0, dW);

    /* reg part: derivative of reg*W^2 (the 1/2 cancels the 2) */
    for (r = 0; r < W->size1; r++)
    {
        for (c = 0; c < W->size2; c++)
        {
            double d = gsl_matrix_get(dW, r, c) + reg * gsl_matrix_get(W, r, c);
            gsl_matrix_set(dW, r, c, d);
        }
    }

    /* bias */
    for (c = 0; c < dout->size2; c++)
    {
        double sum = 0.0;
        for (n = 0; n < dout->size1; n++)
        {
            sum += gsl_matrix_get(dout, n, c);
        }
        gsl_vector_set(db, c, sum);
    }

    /* input */
    if (din != NULL)
    {
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, din);
    }
}

static void relu_backward(const gsl_matrix *dout, const gsl_matrix *in,
                          gsl_matrix *din)
{
    size_t n, k;

    for (n = 0; n < in->size1; n++)
    {
        for (k = 0; k < in->size2; k++)
        {
            double mask = gsl_matrix_get(in, n, k) > 0.0 ? 1.0 : 0.0;
            gsl_matrix_set(din, n, k, mask * gsl_matrix_get(dout, n, k));
        }
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    {
        return 1;
    }

    softmax_loss_backward(cache->prob, y, g->dz2);
    affine_backward(g->dz2, cache->p1, net->W2, reg, g->dp1, g->dW2, g->db2);
    relu_backward(g->dp1, cache->z1, g->dz1);
    affine_backward(g->dz1, X, net->W1, reg, NULL, g->dW1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
