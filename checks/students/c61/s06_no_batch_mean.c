/*
 * backward.c -- Two-layer network backward pass (Lab 4).
 *
 * Built on the layer API from Lab 3:
 *   - every layer kind has a static "ops" table (name, forward, backward)
 *   - a layer instance points at its ops and carries its own state
 *   - the network is an array of layer instances; backward() fills the
 *     array from the net and the cache and runs it back to front.
 *
 * Tensors are thin wrappers over GSL storage; get/set go through GSL
 * matrix views so that GSL does the index arithmetic for me.
 */

#include <stddef.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

typedef struct Tensor {
    size_t rows;
    size_t cols;
    size_t stride;
    double *data;
} Tensor;

static gsl_matrix_view Tensor_view(const Tensor *t)
{
    return gsl_matrix_view_array_with_tda(t->data, t->rows, t->cols, t->stride);
}

static Tensor Tensor_wrap(const gsl_matrix *m)
{
    Tensor t;
    t.rows = m->size1;
    t.cols = m->size2;
    t.stride = m->tda;
    t.data = m->data;
    return t;
}

static Tensor Tensor_wrapRow(const gsl_vector *v)
{
    Tensor t;
    t.rows = 1;
    t.cols = v->size;
    t.stride = v->size;
    t.data = v->data;
    return t;
}

struct Layer;

typedef struct LayerOps {
    const char *name;
    int (*backward)(struct Layer *self, const Tensor *dout, Tensor *din);
} LayerOps;

typedef struct Layer {
    const LayerOps *ops;
    Tensor savedInput;
    Tensor savedOutput;
    Tensor weights;
    Tensor weightGrad;
    Tensor biasGrad;
    double l2;
    const size_t *targets;
} Layer;

static int Dense_backward(Layer *self, const Tensor *dout, Tensor *din)
{
    gsl_matrix_view x = Tensor_view(&self->savedInput);
    gsl_matrix_view w = Tensor_view(&self->weights);
    gsl_matrix_view dw = Tensor_view(&self->weightGrad);
    gsl_matrix_view db = Tensor_view(&self->biasGrad);
    gsl_matrix_view dy = Tensor_view(dout);
    size_t i, j;
    int status;

    /* dW = x^T dy + 2*l2*W */
    gsl_matrix_memcpy(&dw.matrix, &w.matrix);
    status = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &x.matrix, &dy.matrix,
                            2.0 * self->l2, &dw.matrix);
    if (status) {
        return status;
    }

    /* db = sum over the batch of dy */
    for (j = 0; j < dy.matrix.size2; j++) {
        double s = 0.0;
        for (i = 0; i < dy.matrix.size1; i++) {
            s += gsl_matrix_get(&dy.matrix, i, j);
        }
        gsl_matrix_set(&db.matrix, 0, j, s);
    }

    /* dx = dy W^T, unless nobody wants it */
    if (din != NULL) {
        gsl_matrix_view dx = Tensor_view(din);
        status = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &dy.matrix, &w.matrix,
                                0.0, &dx.matrix);
    }
    return status;
}

static int Relu_backward(Layer *self, const Tensor *dout, Tensor *din)
{
    gsl_matrix_view z = Tensor_view(&self->savedInput);
    gsl_matrix_view dy = Tensor_view(dout);
    gsl_matrix_view dx = Tensor_view(din);
    size_t i, j;

    for (i = 0; i < dy.matrix.size1; i++) {
        for (j = 0; j < dy.matrix.size2; j++) {
            if (gsl_matrix_get(&z.matrix, i, j) > 0.0) {
                gsl_matrix_set(&dx.matrix, i, j, gsl_matrix_get(&dy.matrix, i, j));
            } else {
                gsl_matrix_set(&dx.matrix, i, j, 0.0);
            }
        }
    }
    return 0;
}

static int SoftmaxXent_backward(Layer *self, const Tensor *dout, Tensor *din)
{
    gsl_matrix_view p = Tensor_view(&self->savedOutput);
    gsl_matrix_view dscores = Tensor_view(din);
    size_t i, j;
    (void)dout;

    /* dL/dscores = softmax - onehot(target) */
    for (i = 0; i < p.matrix.size1; i++) {
        for (j = 0; j < p.matrix.size2; j++) {
            double onehot = (j == self->targets[i]) ? 1.0 : 0.0;
            gsl_matrix_set(&dscores.matrix, i, j, gsl_matrix_get(&p.matrix, i, j) - onehot);
        }
    }
    return 0;
}

static const LayerOps DENSE_OPS = { "dense", Dense_backward };
static const LayerOps RELU_OPS = { "relu", Relu_backward };
static const LayerOps SOFTMAX_XENT_OPS = { "softmax_xent", SoftmaxXent_backward };

enum { L_FC1, L_RELU, L_FC2, L_LOSS, L_COUNT };

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    Layer layers[L_COUNT];
    Tensor dScores, dHidden, dPreact;
    Tensor *gradIn[L_COUNT];
    const Tensor *gradOut[L_COUNT];
    int l;

    if (X->size1 != cache->N || X->size2 != net->D || g->N != cache->N) {
        return 1;
    }

    layers[L_FC1].ops = &DENSE_OPS;
    layers[L_FC1].savedInput = Tensor_wrap(X);
    layers[L_FC1].savedOutput = Tensor_wrap(cache->z1);
    layers[L_FC1].weights = Tensor_wrap(net->W1);
    layers[L_FC1].weightGrad = Tensor_wrap(g->dW1);
    layers[L_FC1].biasGrad = Tensor_wrapRow(g->db1);
    layers[L_FC1].l2 = reg;
    layers[L_FC1].targets = NULL;

    layers[L_RELU].ops = &RELU_OPS;
    layers[L_RELU].savedInput = Tensor_wrap(cache->z1);
    layers[L_RELU].savedOutput = Tensor_wrap(cache->p1);
    layers[L_RELU].targets = NULL;

    layers[L_FC2].ops = &DENSE_OPS;
    layers[L_FC2].savedInput = Tensor_wrap(cache->p1);
    layers[L_FC2].savedOutput = Tensor_wrap(cache->z2);
    layers[L_FC2].weights = Tensor_wrap(net->W2);
    layers[L_FC2].weightGrad = Tensor_wrap(g->dW2);
    layers[L_FC2].biasGrad = Tensor_wrapRow(g->db2);
    layers[L_FC2].l2 = reg;
    layers[L_FC2].targets = NULL;

    layers[L_LOSS].ops = &SOFTMAX_XENT_OPS;
    layers[L_LOSS].savedInput = Tensor_wrap(cache->z2);
    layers[L_LOSS].savedOutput = Tensor_wrap(cache->prob);
    layers[L_LOSS].targets = y;

    dScores = Tensor_wrap(g->dz2);
    dHidden = Tensor_wrap(g->dp1);
    dPreact = Tensor_wrap(g->dz1);

    gradOut[L_LOSS] = NULL;       gradIn[L_LOSS] = &dScores;
    gradOut[L_FC2] = &dScores;    gradIn[L_FC2] = &dHidden;
    gradOut[L_RELU] = &dHidden;   gradIn[L_RELU] = &dPreact;
    gradOut[L_FC1] = &dPreact;    gradIn[L_FC1] = NULL;

    for (l = L_COUNT - 1; l >= 0; l--) {
        int status = layers[l].ops->backward(&layers[l], gradOut[l], gradIn[l]);
        if (status) {
            return status;
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
