/* backward.c
 * Backward pass of the network, layer by layer (last layer first).
 * Helpers:
 *   softmax_loss_backward  dz2 from the probabilities
 *   affine_backward        dW (+ reg) and dX of a fully connected layer
 *   bias_backward          db = column sums of the upstream gradient
 *   relu_backward          mask with the pre-activation
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void softmax_loss_backward(const gsl_matrix *probs, const size_t *y,
                                  gsl_matrix *dz)
{
    size_t i, j;
    size_t N = probs->size1;

    for (i = 0; i < N; i++)
    {
        for (j = 0; j < probs->size2; j++)
        {
            double t = (j == y[i]) ? 1.0 : 0.0;
            gsl_matrix_set(dz, i, j, (gsl_matrix_get(probs, i, j) - t) / N);
        }
    }
}

/* dW = X^T dZ + 2*reg*W ;  dX = dZ W^T (if dX != NULL) */
static void affine_backward(const gsl_matrix *dZ, const gsl_matrix *Xin,
                            const gsl_matrix *W, double reg,
                            gsl_matrix *dX, gsl_matrix *dW)
{
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, Xin, dZ, 0.0, dW);
    {
        size_t i, j;
        for (i = 0; i < W->size1; i++)
            for (j = 0; j < W->size2; j++)
                *gsl_matrix_ptr(dW, i, j) += 2.0 * reg * gsl_matrix_get(W, i, j);
    }
    if (dX != NULL)
    {
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dZ, W, 0.0, dX);
    }
}

static void bias_backward(const gsl_matrix *dZ, gsl_vector *db)
{
    size_t i, j;

    for (j = 0; j < dZ->size2; j++)
    {
        double s = 0.0;
        for (i = 0; i < dZ->size1; i++)
        {
            s += gsl_matrix_get(dZ, i, j);
        }
        gsl_vector_set(db, j, s);
    }
}

static void relu_backward(const gsl_matrix *dP, const gsl_matrix *Z,
                          gsl_matrix *dZ)
{
    size_t i, j;

    for (i = 0; i < Z->size1; i++)
    {
        for (j = 0; j < Z->size2; j++)
        {
            if (gsl_matrix_get(Z, i, j) > 0.0)
                gsl_matrix_set(dZ, i, j, gsl_matrix_get(dP, i, j));
            else
                gsl_matrix_set(dZ, i, j, 0.0);
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

    /* output layer */
    softmax_loss_backward(cache->prob, y, g->dz2);
    affine_backward(g->dz2, cache->p1, net->W2, reg, g->dp1, g->dW2);
    bias_backward(cache->z2, g->db2);

    /* hidden layer */
    relu_backward(g->dp1, cache->z1, g->dz1);
    affine_backward(g->dz1, X, net->W1, reg, NULL, g->dW1);
    bias_backward(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
