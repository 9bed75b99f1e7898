/* backward.c -- Two-layer net: backward pass (HW2)
 *
 * One backward function per forward layer.  The layer caches (what the
 * forward of that layer saw) are little structs, as in my forward.c.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

typedef struct {
    const gsl_matrix *x, *w;
} AffineCache;

static void softmax_loss_backward(const gsl_matrix *probs, const size_t *y,
                                  gsl_matrix *dx)
{
    size_t N = probs->size1;

    gsl_matrix_memcpy(dx, probs);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_view row = gsl_matrix_row(dx, i);
        gsl_vector_set(&row.vector, y[i], gsl_vector_get(&row.vector, y[i]) - 1.0);
    }
    gsl_matrix_scale(dx, 1.0 / (double) N);
}

/* returns dx (if wanted), dw, db of  out = x w + b */
static void affine_backward(const gsl_matrix *dout, AffineCache c,
                            gsl_matrix *dx, gsl_matrix *dw, gsl_vector *db)
{
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, c.x, dout, 0.0, dw);

    gsl_vector_set_zero(db);
    for (size_t i = 0; i < dout->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(dout, i);
        gsl_vector_add(db, &r.vector);
    }
    gsl_vector_scale(db, 1.0 / (double) dout->size1);   /* mean over the batch */

    if (dx != NULL)
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dout, c.w, 0.0, dx);
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

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    AffineCache c1 = { X, net->W1 };
    AffineCache c2 = { cache->p1, net->W2 };

    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    softmax_loss_backward(cache->prob, y, g->dz2);
    affine_backward(g->dz2, c2, g->dp1, g->dW2, g->db2);
    relu_backward(g->dp1, cache->z1, g->dz1);
    affine_backward(g->dz1, c1, NULL, g->dW1, g->db1);

    /* + d/dW of reg * sum(W^2) */
    gsl_matrix_view w1 = gsl_matrix_view_array(net->W1->data, net->D, net->H);
    gsl_matrix_view w2 = gsl_matrix_view_array(net->W2->data, net->H, net->C);
    for (size_t i = 0; i < net->D; i++)
        for (size_t j = 0; j < net->H; j++)
            *gsl_matrix_ptr(g->dW1, i, j) += 2 * reg * gsl_matrix_get(&w1.matrix, i, j);
    for (size_t i = 0; i < net->H; i++)
        for (size_t j = 0; j < net->C; j++)
            *gsl_matrix_ptr(g->dW2, i, j) += 2 * reg * gsl_matrix_get(&w2.matrix, i, j);

    g->present = BP_GRADS_ALL;
    return 0;
}
