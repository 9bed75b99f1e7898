/* hw3 backward pass -- 2 layer MLP
 * model: fc1 -> relu -> fc2 -> cross entropy (mean over the batch)
 * every layer: <name>_backward(grad_out, saved stuff) -> grad_in,
 * parameter grads written into the layer struct (= .grad in torch)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

struct linear {
    const gsl_matrix *W;
    gsl_matrix *dW;
    gsl_vector *db;
};

/* grad_logits = (probs - onehot(y)) / N */
static void softmax_xent_backward(const gsl_matrix *probs, const size_t *y,
                                  gsl_matrix *grad_logits)
{
    size_t i, k;
    for (i = 0; i < probs->size1; i++) {
        for (k = 0; k < probs->size2; k++) {
            double onehot = (k == y[i]) ? 1.0 : 0.0;
            gsl_matrix_set(grad_logits, i, k, gsl_matrix_get(probs, i, k) - onehot);
        }
    }
}

static void linear_backward(struct linear *layer, const gsl_matrix *input,
                            const gsl_matrix *grad_out, gsl_matrix *grad_in,
                            double reg)
{
    size_t i;

    gsl_matrix_memcpy(layer->dW, layer->W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, input, grad_out,
                   2.0 * reg, layer->dW);

    gsl_vector_set_zero(layer->db);
    for (i = 0; i < grad_out->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(grad_out, i);
        gsl_blas_daxpy(1.0, &r.vector, layer->db);
    }

    if (grad_in)
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, grad_out, layer->W,
                       0.0, grad_in);
}

static void relu_backward(const gsl_matrix *grad_out, const gsl_matrix *z,
                          gsl_matrix *grad_in)
{
    size_t i, j;
    for (i = 0; i < z->size1; i++)
        for (j = 0; j < z->size2; j++)
            gsl_matrix_set(grad_in, i, j, gsl_matrix_get(z, i, j) > 0.0
                           ? gsl_matrix_get(grad_out, i, j) : 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    struct linear fc1 = { net->W1, g->dW1, g->db1 };
    struct linear fc2 = { net->W2, g->dW2, g->db2 };
    gsl_matrix *grad_scores = g->dz2, *grad_hidden = g->dp1, *grad_z1 = g->dz1;

    softmax_xent_backward(cache->prob, y, grad_scores);
    linear_backward(&fc2, cache->p1, grad_scores, grad_hidden, reg);
    relu_backward(grad_hidden, cache->z1, grad_z1);
    linear_backward(&fc1, X, grad_z1, NULL, reg);

    g->present = BP_GRADS_ALL;
    return 0;
}
