/* Intro to NN, assignment 2: backward pass
 * Student: Felix Brandt
 *
 * dense_backward() serves both layers; the first layer passes din = NULL
 * because nothing comes before it.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void softmax_ce_backward(const gsl_matrix *prob, const size_t *y,
                                gsl_matrix *dz)
{
    size_t N = prob->size1, i, k;

    for (i = 0; i < N; i++) {
        for (k = 0; k < prob->size2; k++) {
            double d = gsl_matrix_get(prob, i, k);
            if (k == y[i])
                d -= 1.0;
            gsl_matrix_set(dz, i, k, d / (double) N);
        }
    }
}

static void dense_backward(const gsl_matrix *in, const gsl_matrix *W,
                           const gsl_matrix *dout, double reg,
                           gsl_matrix *dW, gsl_vector *db, gsl_matrix *din)
{
    size_t i, j;

    /* weights: dW = in^T dout */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, in, dout, 0.0, dW);

    /* bias: sum over the batch */
    for (j = 0; j < dout->size2; j++) {
        double s = 0.0;
        for (i = 0; i < dout->size1; i++)
            s += gsl_matrix_get(dout, i, j);
        gsl_vector_set(db, j, s);
    }

    /* gradient for the layer below, and the weight decay */
    if (din != NULL) {
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, din);
        for (i = 0; i < W->size1; i++)
            for (j = 0; j < W->size2; j++)
                *gsl_matrix_ptr(dW, i, j) += 2.0 * reg * gsl_matrix_get(W, i, j);
    }
}

static void relu_backward(const gsl_matrix *dout, const gsl_matrix *z,
                          gsl_matrix *din)
{
    size_t i, j;

    for (i = 0; i < din->size1; i++)
        for (j = 0; j < din->size2; j++)
            gsl_matrix_set(din, i, j, gsl_matrix_get(z, i, j) > 0.0
                                      ? gsl_matrix_get(dout, i, j) : 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    softmax_ce_backward(cache->prob, y, g->dz2);
    dense_backward(cache->p1, net->W2, g->dz2, reg, g->dW2, g->db2, g->dp1);
    relu_backward(g->dp1, cache->z1, g->dz1);
    dense_backward(X, net->W1, g->dz1, reg, g->dW1, g->db1, NULL);

    g->present = BP_GRADS_ALL;
    return 0;
}
