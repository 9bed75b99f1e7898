/* backward.c -- TwoLayerNet, backward
 *
 * I keep the grads in "layers" like nn.Linear keeps .weight.grad/.bias.grad.
 * relu backward is the numpy trick: copy the grad, zero the dead units. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

struct linear {
    const gsl_matrix *W;
    gsl_matrix *dW;
    gsl_vector *db;
};

static void softmax_xent_backward(const gsl_matrix *probs, const size_t *y, gsl_matrix *dout)
{
    size_t n;
    gsl_matrix_memcpy(dout, probs);
    for (n = 0; n < probs->size1; n++)
        *gsl_matrix_ptr(dout, n, y[n]) -= 1.0;
    gsl_matrix_scale(dout, 1.0 / (double) probs->size1);
}

static void linear_backward(struct linear *L, const gsl_matrix *x, const gsl_matrix *dout,
                            gsl_matrix *dx, double reg)
{
    gsl_vector *ones = gsl_vector_alloc(dout->size1);
    gsl_vector_set_all(ones, 1.0);

    gsl_matrix_memcpy(L->dW, L->W);                   /* dW = 2 reg W + x^T dout */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, x, dout, 2.0 * reg, L->dW);
    gsl_blas_dgemv(CblasTrans, 1.0, dout, ones, 0.0, L->db);     /* db = dout^T 1 */
    if (dx)
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dout, L->W, 0.0, dx);

    gsl_vector_free(ones);
}

/* dx = dout; dx[x <= 0] = 0 */
static void relu_backward(const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
    size_t i, j;
    gsl_matrix_memcpy(dx, dout);
    for (i = 0; i < x->size1; i++)
        for (j = 0; j < x->size2; j++)
            if (gsl_matrix_get(x, i, j) > 0)
                gsl_matrix_set(dx, i, j, 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    struct linear layer1 = { net->W1, g->dW1, g->db1 };
    struct linear layer2 = { net->W2, g->dW2, g->db2 };

    softmax_xent_backward(cache->prob, y, g->dz2);
    linear_backward(&layer2, cache->p1, g->dz2, g->dp1, reg);
    relu_backward(g->dp1, cache->z1, g->dz1);
    linear_backward(&layer1, X, g->dz1, NULL, reg);

    g->present = BP_GRADS_ALL;
    return 0;
}
