/*
 * backward pass, two layer net (fc1 - relu - fc2 - softmax/CE)
 *
 * weight decay handled inside the linear layer like torch.optim.SGD does it:
 * grad += weight_decay * W
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

struct linear
{
    const gsl_matrix *W;
    gsl_matrix *dW;
    gsl_vector *db;
    double weight_decay;
};

static void softmax_xent_backward(const gsl_matrix *probs, const size_t *y,
                                  gsl_matrix *grad_logits)
{
    size_t N = probs->size1;
    gsl_matrix_memcpy(grad_logits, probs);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(grad_logits, i, y[i], gsl_matrix_get(grad_logits, i, y[i]) - 1.0);
    gsl_matrix_scale(grad_logits, 1.0 / (double)N);
}

static void linear_backward(struct linear *layer, const gsl_matrix *x,
                            const gsl_matrix *grad_out, gsl_matrix *grad_x)
{
    gsl_matrix *decay = gsl_matrix_alloc(layer->W->size1, layer->W->size2);

    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, x, grad_out, 0.0, layer->dW);

    gsl_matrix_memcpy(decay, layer->W);
    gsl_matrix_scale(decay, layer->weight_decay);
    gsl_matrix_add(layer->dW, decay);
    gsl_matrix_free(decay);

    for (size_t j = 0; j < layer->db->size; j++)
    {
        gsl_vector_const_view col = gsl_matrix_const_column(grad_out, j);
        double s = 0.0;
        for (size_t i = 0; i < col.vector.size; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(layer->db, j, s);
    }

    if (grad_x)
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, grad_out, layer->W, 0.0, grad_x);
}

static void relu_backward(const gsl_matrix *grad_out, const gsl_matrix *x,
                          gsl_matrix *grad_x)
{
    for (size_t i = 0; i < x->size1; i++)
        for (size_t j = 0; j < x->size2; j++)
        {
            double mask = gsl_matrix_get(x, i, j) > 0.0 ? 1.0 : 0.0;
            gsl_matrix_set(grad_x, i, j, mask * gsl_matrix_get(grad_out, i, j));
        }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    struct linear fc1 = { net->W1, g->dW1, g->db1, reg };
    struct linear fc2 = { net->W2, g->dW2, g->db2, reg };

    softmax_xent_backward(cache->prob, y, g->dz2);
    linear_backward(&fc2, cache->p1, g->dz2, g->dp1);
    relu_backward(g->dp1, cache->z1, g->dz1);
    linear_backward(&fc1, X, g->dz1, NULL);

    g->present = BP_GRADS_ALL;
    return 0;
}
