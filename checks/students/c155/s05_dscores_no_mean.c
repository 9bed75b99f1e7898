// backward.c - backprop for the 2 layer network
// layers backwards: softmax loss -> fc2 -> relu -> fc1

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// gradient of the cross entropy wrt the scores: softmax - 1 at the label
static void softmax_loss_backward(const gsl_matrix *probs, const size_t *y,
                                  gsl_matrix *dscores)
{
    size_t N = probs->size1, C = probs->size2;
    for (size_t i = 0; i < N; i++) {
        for (size_t c = 0; c < C; c++) {
            double p = gsl_matrix_get(probs, i, c);
            gsl_matrix_set(dscores, i, c, p - (c == y[i] ? 1.0 : 0.0));
        }
    }
}

// fc layer: out = in * W + b
static void affine_backward(const gsl_matrix *dout, const gsl_matrix *in,
                            const gsl_matrix *W, gsl_matrix *din,
                            gsl_matrix *dW, gsl_vector *db)
{
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, in, dout, 0.0, dW);
    for (size_t j = 0; j < dout->size2; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(dout, j);
        double s = 0;
        for (size_t i = 0; i < col.vector.size; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(db, j, s);
    }
    if (din)
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, din);
}

static void relu_backward(const gsl_matrix *dout, const gsl_matrix *z,
                          gsl_matrix *dz)
{
    for (size_t i = 0; i < z->size1; i++)
        for (size_t j = 0; j < z->size2; j++) {
            double v = 0.0;
            if (gsl_matrix_get(z, i, j) > 0)
                v = gsl_matrix_get(dout, i, j);
            gsl_matrix_set(dz, i, j, v);
        }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    softmax_loss_backward(cache->prob, y, g->dz2);

    affine_backward(g->dz2, cache->p1, net->W2, g->dp1, g->dW2, g->db2);
    relu_backward(g->dp1, cache->z1, g->dz1);
    affine_backward(g->dz1, X, net->W1, NULL, g->dW1, g->db1);

    // regularization: d/dW reg*||W||^2 = 2*reg*W
    for (size_t i = 0; i < net->H; i++)
        for (size_t j = 0; j < net->C; j++)
            gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j)
                           + 2 * reg * gsl_matrix_get(net->W2, i, j));
    for (size_t i = 0; i < net->D; i++)
        for (size_t j = 0; j < net->H; j++)
            gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j)
                           + 2 * reg * gsl_matrix_get(net->W1, i, j));

    g->present = BP_GRADS_ALL;
    return 0;
}
