/* backward.c -- backward pass of the two-layer net on my layer framework.
 *
 * Layers compute only the data part of their gradients; weight decay is
 * a separate pass over the same table once the walk is over (the
 * framework does it that way so that a layer does not need to know the
 * loss it sits under).  Matrix products go through BLAS on GSL views of
 * the tensors.
 */

#include <stddef.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

typedef struct tensor {
    size_t rows, cols, stride;
    double *data;
} tensor;

typedef enum { LAYER_DENSE, LAYER_RELU, LAYER_SOFTMAX_XENT } layer_kind;

typedef struct layer layer;
struct layer {
    layer_kind kind;
    int (*backward)(layer *self, const tensor *dout, tensor *din);
    tensor input, output;
    tensor weights, weights_grad, bias_grad;
    const size_t *labels;
};

static tensor tensor_from_matrix(const gsl_matrix *m)
{
    tensor t = { m->size1, m->size2, m->tda, m->data };
    return t;
}

static tensor tensor_from_vector(const gsl_vector *v)
{
    tensor t = { 1, v->size, v->size, v->data };
    return t;
}

static gsl_matrix_view gsl_of(const tensor *t)
{
    return gsl_matrix_view_array_with_tda(t->data, t->rows, t->cols, t->stride);
}

static int dense_backward(layer *self, const tensor *dout, tensor *din)
{
    gsl_matrix_view x = gsl_of(&self->input), w = gsl_of(&self->weights);
    gsl_matrix_view dw = gsl_of(&self->weights_grad);
    gsl_matrix_view db = gsl_of(&self->bias_grad);
    gsl_matrix_view dy = gsl_of(dout);
    size_t i;
    int rc;

    rc = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &x.matrix, &dy.matrix,
                        0.0, &dw.matrix);
    if (rc != 0)
        return rc;

    gsl_matrix_set_zero(&db.matrix);
    for (i = 0; i < dy.matrix.size1; i++) {
        gsl_matrix_view row = gsl_matrix_submatrix(&dy.matrix, i, 0, 1,
                                                   dy.matrix.size2);
        gsl_matrix_add(&db.matrix, &row.matrix);
    }

    if (din != NULL) {
        gsl_matrix_view dx = gsl_of(din);
        rc = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &dy.matrix,
                            &w.matrix, 0.0, &dx.matrix);
    }
    return rc;
}

static int relu_backward(layer *self, const tensor *dout, tensor *din)
{
    size_t i, j;
    for (i = 0; i < dout->rows; i++) {
        const double *z = self->input.data + i * self->input.stride;
        const double *up = dout->data + i * dout->stride;
        double *down = din->data + i * din->stride;
        for (j = 0; j < dout->cols; j++)
            down[j] = z[j] > 0.0 ? up[j] : 0.0;
    }
    return 0;
}

static int softmax_xent_backward(layer *self, const tensor *dout, tensor *din)
{
    size_t n = self->output.rows, i, j;
    (void) dout;
    for (i = 0; i < n; i++) {
        const double *p = self->output.data + i * self->output.stride;
        double *d = din->data + i * din->stride;
        for (j = 0; j < self->output.cols; j++)
            d[j] = p[j] / (double) n;
        d[self->labels[i]] -= 1.0 / (double) n;
    }
    return 0;
}

/* dW += 2 reg W */
static void weight_decay(layer *self, double reg)
{
    size_t i, j;
    for (i = 0; i < self->weights.rows; i++)
        for (j = 0; j < self->weights.cols; j++)
            self->weights_grad.data[i * self->weights_grad.stride + j] +=
                2.0 * reg * self->weights.data[i * self->weights.stride + j];
}

#define NUM_LAYERS 4

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    layer table[NUM_LAYERS];
    tensor grad_edge[NUM_LAYERS + 1];   /* grad_edge[k]: into layer k */
    int k;

    if (X->size1 != cache->N || X->size2 != net->D || g->N != cache->N)
        return 1;

    memset(table, 0, sizeof table);
    memset(grad_edge, 0, sizeof grad_edge);

    table[0].kind = LAYER_DENSE;
    table[0].backward = dense_backward;
    table[0].input = tensor_from_matrix(X);
    table[0].output = tensor_from_matrix(cache->z1);
    table[0].weights = tensor_from_matrix(net->W1);
    table[0].weights_grad = tensor_from_matrix(g->dW1);
    table[0].bias_grad = tensor_from_vector(g->db1);

    table[1].kind = LAYER_RELU;
    table[1].backward = relu_backward;
    table[1].input = tensor_from_matrix(cache->z1);
    table[1].output = tensor_from_matrix(cache->p1);

    table[2].kind = LAYER_DENSE;
    table[2].backward = dense_backward;
    table[2].input = tensor_from_matrix(cache->p1);
    table[2].output = tensor_from_matrix(cache->z2);
    table[2].weights = tensor_from_matrix(net->W2);
    table[2].weights_grad = tensor_from_matrix(g->dW2);
    table[2].bias_grad = tensor_from_vector(g->db2);

    table[3].kind = LAYER_SOFTMAX_XENT;
    table[3].backward = softmax_xent_backward;
    table[3].input = tensor_from_matrix(cache->z2);
    table[3].output = tensor_from_matrix(cache->prob);
    table[3].labels = y;

    grad_edge[1] = tensor_from_matrix(g->dz1);
    grad_edge[2] = tensor_from_matrix(g->dp1);
    grad_edge[3] = tensor_from_matrix(g->dz2);

    for (k = NUM_LAYERS - 1; k >= 0; k--) {
        const tensor *dout = (k + 1 < NUM_LAYERS) ? &grad_edge[k + 1] : NULL;
        tensor *din = (k > 0) ? &grad_edge[k] : NULL;
        int rc = table[k].backward(&table[k], dout, din);
        if (rc != 0)
            return rc;
    }

    /* regulariser pass */
    for (k = NUM_LAYERS - 1; k > 0; k--)
        if (table[k].kind == LAYER_DENSE)
            weight_decay(&table[k], reg);

    g->present = BP_GRADS_ALL;
    return 0;
}
