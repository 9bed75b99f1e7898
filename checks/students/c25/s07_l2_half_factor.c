// Two-layer net backward pass.
// Follows the lecture: every layer is (forward, backward) and the
// backward of the whole net just chains them.
//
// Regularisation: I use the CS231n convention, gradient reg * W.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

typedef struct {
    const gsl_matrix *x;    // layer input
    const gsl_matrix *w;    // layer weights
} fc_cache;

static void softmax_loss_backward(const gsl_matrix *probs, const size_t *y,
                                  gsl_matrix *dscores)
{
    size_t N = probs->size1;
    gsl_matrix_memcpy(dscores, probs);
    for (size_t i = 0; i < N; i++) {
        double *p = gsl_matrix_ptr(dscores, i, y[i]);
        *p -= 1.0;
    }
    gsl_matrix_scale(dscores, 1.0 / (double) N);
}

static void fc_backward(const gsl_matrix *dout, const fc_cache *c,
                        gsl_matrix *dx, gsl_matrix *dw, gsl_vector *db)
{
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, c->x, dout, 0.0, dw);
    gsl_vector_set_zero(db);
    for (size_t i = 0; i < dout->size1; i++)
        for (size_t j = 0; j < dout->size2; j++)
            *gsl_vector_ptr(db, j) += gsl_matrix_get(dout, i, j);
    if (dx != NULL)
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dout, c->w, 0.0, dx);
}

static void relu_backward(const gsl_matrix *dout, const gsl_matrix *x,
                          gsl_matrix *dx)
{
    gsl_matrix_memcpy(dx, dout);
    for (size_t i = 0; i < x->size1; i++)
        for (size_t j = 0; j < x->size2; j++)
            if (gsl_matrix_get(x, i, j) <= 0.0)
                gsl_matrix_set(dx, i, j, 0.0);
}

// dW += d(reg_loss)/dW
static void l2_backward(const gsl_matrix *w, double reg, gsl_matrix *dw)
{
    gsl_matrix *t = gsl_matrix_alloc(w->size1, w->size2);
    gsl_matrix_memcpy(t, w);
    gsl_matrix_scale(t, reg);
    gsl_matrix_add(dw, t);
    gsl_matrix_free(t);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    fc_cache fc1 = { X, net->W1 };
    fc_cache fc2 = { cache->p1, net->W2 };

    softmax_loss_backward(cache->prob, y, g->dz2);
    fc_backward(g->dz2, &fc2, g->dp1, g->dW2, g->db2);
    relu_backward(g->dp1, cache->z1, g->dz1);
    fc_backward(g->dz1, &fc1, NULL, g->dW1, g->db1);

    l2_backward(net->W2, reg, g->dW2);
    l2_backward(net->W1, reg, g->dW1);

    g->present = BP_GRADS_ALL;
    return 0;
}
