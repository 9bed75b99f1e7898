/* backward.c -- backward pass
 *
 * softmax_loss_backward / affine_backward / relu_backward, called from the
 * loss down to the input.  The affine helper does the weights only (dW and
 * dx), the bias gradients are just column sums so I do them inline.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define FOR(i, n) for (size_t i = 0; i < (n); i++)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void softmax_loss_backward(const gsl_matrix *probs, const size_t *y,
                                  gsl_matrix *dz) {
    double n = (double) probs->size1;
    FOR(i, probs->size1) {
        FOR(c, probs->size2) {
            double p = probs->data[i * probs->tda + c];
            dz->data[i * dz->tda + c] = (c == y[i] ? p - 1.0 : p) / n;
        }
    }
}

/* dW = x^T dout + 2 reg W;  dx = dout W^T unless dx == NULL */
static void affine_backward(const gsl_matrix *dout, const gsl_matrix *x,
                            const gsl_matrix *W, double reg,
                            gsl_matrix *dx, gsl_matrix *dW) {
    gsl_matrix_memcpy(dW, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, x, dout, 2.0 * reg, dW);
    if (dx != NULL)
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, dx);
}

static void relu_backward(const gsl_matrix *dout, const gsl_matrix *z,
                          gsl_matrix *dz) {
    FOR(i, z->size1) {
        FOR(j, z->size2) {
            double zz = z->data[i * z->tda + j];
            dz->data[i * dz->tda + j] = zz > 0 ? dout->data[i * dout->tda + j] : 0.0;
        }
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* scores */
    softmax_loss_backward(cache->prob, y, g->dz2);

    /* layer 2 */
    affine_backward(g->dz2, cache->p1, net->W2, reg, g->dp1, g->dW2);
    FOR(c, C) {
        double s = 0.0;
        FOR(i, N) s += gsl_matrix_get(g->dz2, i, c);
        gsl_vector_set(g->db2, c, s);
    }

    /* relu */
    relu_backward(g->dp1, cache->z1, g->dz1);

    /* layer 1 */
    affine_backward(g->dz1, X, net->W1, reg, NULL, g->dW1);
    FOR(h, H) {
        double s = 0.0;
        FOR(i, N) s += gsl_matrix_get(g->dp1, i, h);
        gsl_vector_set(g->db1, h, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
