/* 2-layer MLP backward.
 * Split like in the lecture: matmul part (weight_backward) and bias part
 * (bias_backward) of a linear layer are separate functions.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

struct linear {
    const gsl_matrix *W;
    gsl_matrix *dW;
    gsl_vector *db;
};

static void softmax_xent_backward(const gsl_matrix *probs, const size_t *y,
                                  gsl_matrix *grad_logits)
{
    double N = (double) probs->size1;
    for (size_t i = 0; i < probs->size1; i++)
        for (size_t j = 0; j < probs->size2; j++)
            gsl_matrix_set(grad_logits, i, j,
                           (gsl_matrix_get(probs, i, j) - (j == y[i])) / N);
}

/* dW = x^T grad_out + 2 reg W ; grad_x = grad_out W^T (if wanted) */
static void weight_backward(struct linear *layer, const gsl_matrix *x,
                            const gsl_matrix *grad_out, gsl_matrix *grad_x,
                            double reg)
{
    gsl_matrix_memcpy(layer->dW, layer->W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, x, grad_out, 2.0 * reg,
                   layer->dW);
    if (grad_x)
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, grad_out, layer->W, 0.0,
                       grad_x);
}

/* db = sum over rows of grad_out */
static void bias_backward(const gsl_matrix *grad_out, gsl_vector *db)
{
    gsl_vector_set_zero(db);
    for (size_t i = 0; i < grad_out->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(grad_out, i);
        gsl_vector_add(db, &r.vector);
    }
}

static void relu_backward(const gsl_matrix *grad_out, const gsl_matrix *z,
                          gsl_matrix *grad_z)
{
    for (size_t i = 0; i < z->size1; i++)
        for (size_t j = 0; j < z->size2; j++)
            gsl_matrix_set(grad_z, i, j, gsl_matrix_get(z, i, j) > 0
                           ? gsl_matrix_get(grad_out, i, j) : 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    struct linear fc1 = { net->W1, g->dW1, g->db1 };
    struct linear fc2 = { net->W2, g->dW2, g->db2 };
    gsl_matrix *grad_logits = g->dz2, *grad_hidden = g->dp1, *grad_pre = g->dz1;

    softmax_xent_backward(cache->prob, y, grad_logits);

    /* fc2 */
    weight_backward(&fc2, cache->p1, grad_logits, grad_hidden, reg);
    bias_backward(grad_logits, fc2.db);

    /* relu */
    relu_backward(grad_hidden, cache->z1, grad_pre);

    /* fc1 */
    weight_backward(&fc1, X, grad_pre, NULL, reg);
    bias_backward(grad_hidden, fc1.db);

    g->present = BP_GRADS_ALL;
    return 0;
}
