/* backward.c -- two layer net, backward pass
 *
 * Written the way I'd write it in pytorch: every layer has its own
 * backward, and backward() just chains them
 *     loss -> fc2 -> relu -> fc1
 * Each linear layer keeps a pointer to its weight and to its .grad slots. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

struct linear {
    const gsl_matrix *W;    /* (in, out) */
    gsl_matrix *dW;         /* same shape as W */
    gsl_vector *db;         /* (out) */
    double weight_decay;    /* loss has reg*|W|^2 -> grad 2*reg*W */
};

/* d(mean CE)/d logits = (softmax - onehot) / N */
static void softmax_xent_backward(const gsl_matrix *probs, const size_t *y,
                                  gsl_matrix *grad_logits)
{
    size_t N = probs->size1;

    gsl_matrix_memcpy(grad_logits, probs);
    for (size_t i = 0; i < N; i++) {
        double p = gsl_matrix_get(grad_logits, i, y[i]);
        gsl_matrix_set(grad_logits, i, y[i], p - 1.0);
    }
    gsl_matrix_scale(grad_logits, 1.0 / (double) N);
}

/* forward was out = x W + b.  grad_x can be NULL (first layer) */
static void linear_backward(struct linear *layer, const gsl_matrix *x,
                            const gsl_matrix *grad_out, gsl_matrix *grad_x)
{
    /* dW = x^T grad_out + 2 wd W */
    gsl_matrix_memcpy(layer->dW, layer->W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, x, grad_out,
                   2.0 * layer->weight_decay, layer->dW);

    /* db = grad_out summed over the batch */
    gsl_vector_set_zero(layer->db);
    for (size_t i = 0; i < grad_out->size1; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(grad_out, i);
        gsl_vector_add(layer->db, &row.vector);
    }

    /* grad wrt the input: grad_out W^T */
    if (grad_x != NULL)
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, grad_out, layer->W,
                       0.0, grad_x);
}

static void relu_backward(const gsl_matrix *grad_out, const gsl_matrix *x,
                          gsl_matrix *grad_x)
{
    for (size_t i = 0; i < x->size1; i++)
        for (size_t j = 0; j < x->size2; j++) {
            double gx = 0.0;
            if (gsl_matrix_get(x, i, j) > 0.0)
                gx = gsl_matrix_get(grad_out, i, j);
            gsl_matrix_set(grad_x, i, j, gx);
        }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    struct linear fc1 = { net->W1, g->dW1, g->db1, reg };
    struct linear fc2 = { net->W2, g->dW2, g->db2, reg };

    if (X->size1 != cache->N || X->size2 != net->D)
        return 1;

    softmax_xent_backward(cache->prob, y, g->dz2);         /* dz2 */
    linear_backward(&fc2, cache->p1, g->dz2, g->dp1);     /* dW2 db2 dp1 */
    relu_backward(g->dp1, cache->z1, g->dz1);              /* dz1 */
    linear_backward(&fc1, X, g->dz1, NULL);                /* dW1 db1 */

    g->present = BP_GRADS_ALL;
    return 0;
}
