/* backward.c -- backward pass of the two-layer net, on top of my layer
 * framework (assignment 3, part B).
 *
 * Every layer is an object with a forward and a backward function.  The
 * net is a table of layers: dense -> relu -> dense -> softmax/cross-entropy.
 * The forward pass already ran (the cache), so backward() only has to
 * wire the saved tensors into the layers and walk the table from the end.
 * Each layer writes the gradient of its input straight into g. */

#include <stddef.h>
#include <string.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* ---------------------------------------------------------------- tensor */

typedef struct tensor {
    size_t rows;
    size_t cols;
    size_t stride;              /* doubles from one row to the next */
    double *data;
} tensor;

#define AT(t, i, j) ((t)->data[(i) * (t)->stride + (j)])

static tensor tensor_of_matrix(const gsl_matrix *m)
{
    tensor t;
    t.rows = m->size1;
    t.cols = m->size2;
    t.stride = m->tda;
    t.data = m->data;
    return t;
}

/* a vector as one row */
static tensor tensor_of_vector(const gsl_vector *v)
{
    tensor t;
    t.rows = 1;
    t.cols = v->size;
    t.stride = v->size;
    t.data = v->data;
    return t;
}

/* ----------------------------------------------------------------- layer */

typedef struct layer layer;

struct layer {
    const char *name;
    int (*forward)(layer *self, const tensor *in, tensor *out);
    int (*backward)(layer *self, const tensor *dout, tensor *din);

    /* context: what the forward pass saw and produced */
    tensor input;
    tensor output;

    /* dense only */
    tensor weight, bias;
    tensor weight_grad, bias_grad;
    double l2_strength;

    /* loss only */
    const size_t *labels;
};

/* out = in W + 1 b' */
static int dense_forward(layer *self, const tensor *in, tensor *out)
{
    size_t i, j, k;
    for (i = 0; i < in->rows; i++)
        for (j = 0; j < self->weight.cols; j++) {
            double sum = AT(&self->bias, 0, j);
            for (k = 0; k < in->cols; k++)
                sum += AT(in, i, k) * AT(&self->weight, k, j);
            AT(out, i, j) = sum;
        }
    return 0;
}

/* weight_grad = input' dout + 2 l2 W,  bias_grad = column sums of dout,
 * din = dout W' (NULL for the first layer: nobody needs dX) */
static int dense_backward(layer *self, const tensor *dout, tensor *din)
{
    size_t batch = dout->rows;
    size_t fan_in = self->weight.rows, fan_out = self->weight.cols;
    size_t i, j, k;

    for (j = 0; j < fan_in; j++)
        for (k = 0; k < fan_out; k++) {
            double sum = 0.0;
            for (i = 0; i < batch; i++)
                sum += AT(&self->input, i, j) * AT(dout, i, k);
            AT(&self->weight_grad, j, k) =
                sum + 2.0 * self->l2_strength * AT(&self->weight, j, k);
        }

    for (k = 0; k < fan_out; k++) {
        double sum = 0.0;
        for (i = 0; i < batch; i++)
            sum += AT(dout, i, k);
        AT(&self->bias_grad, 0, k) = sum;
    }

    if (din != NULL)
        for (i = 0; i < batch; i++)
            for (j = 0; j < fan_in; j++) {
                double sum = 0.0;
                for (k = 0; k < fan_out; k++)
                    sum += AT(dout, i, k) * AT(&self->weight, j, k);
                AT(din, i, j) = sum;
            }
    return 0;
}

static int relu_forward(layer *self, const tensor *in, tensor *out)
{
    size_t i, j;
    (void) self;
    for (i = 0; i < in->rows; i++)
        for (j = 0; j < in->cols; j++)
            AT(out, i, j) = AT(in, i, j) > 0.0 ? AT(in, i, j) : 0.0;
    return 0;
}

static int relu_backward(layer *self, const tensor *dout, tensor *din)
{
    size_t i, j;
    for (i = 0; i < dout->rows; i++)
        for (j = 0; j < dout->cols; j++)
            AT(din, i, j) = AT(&self->input, i, j) > 0.0 ? AT(dout, i, j) : 0.0;
    return 0;
}

/* the forward of the loss layer is done by bp_net_forward (stable softmax);
 * here it only checks that the saved probabilities are there */
static int softmax_ce_forward(layer *self, const tensor *in, tensor *out)
{
    (void) self;
    return (in->rows == out->rows && in->cols == out->cols) ? 0 : 1;
}

/* dscores = (prob - onehot(y)) / N.  dout is NULL: this is the head. */
static int softmax_ce_backward(layer *self, const tensor *dout, tensor *din)
{
    size_t batch = self->output.rows, classes = self->output.cols;
    size_t i, j;
    (void) dout;
    for (i = 0; i < batch; i++)
        for (j = 0; j < classes; j++) {
            double target = (j == self->labels[i]) ? 1.0 : 0.0;
            AT(din, i, j) = (AT(&self->output, i, j) - target) / (double) batch;
        }
    return 0;
}

/* --------------------------------------------------------------- network */

enum { FC1, RELU1, FC2, LOSS, NUM_LAYERS };

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    layer table[NUM_LAYERS];
    tensor dscores, dhidden, dpre;
    tensor *grad_at_input[NUM_LAYERS + 1];
    int k;

    if (X->size1 != cache->N || X->size2 != net->D || g->N != cache->N)
        return 1;

    memset(table, 0, sizeof table);

    table[FC1].name = "fc1";
    table[FC1].forward = dense_forward;
    table[FC1].backward = dense_backward;
    table[FC1].input = tensor_of_matrix(X);
    table[FC1].output = tensor_of_matrix(cache->z1);
    table[FC1].weight = tensor_of_matrix(net->W1);
    table[FC1].bias = tensor_of_vector(net->b1);
    table[FC1].weight_grad = tensor_of_matrix(g->dW1);
    table[FC1].bias_grad = tensor_of_vector(g->db1);
    table[FC1].l2_strength = reg;

    table[RELU1].name = "relu1";
    table[RELU1].forward = relu_forward;
    table[RELU1].backward = relu_backward;
    table[RELU1].input = tensor_of_matrix(cache->z1);
    table[RELU1].output = tensor_of_matrix(cache->p1);

    table[FC2].name = "fc2";
    table[FC2].forward = dense_forward;
    table[FC2].backward = dense_backward;
    table[FC2].input = tensor_of_matrix(cache->p1);
    table[FC2].output = tensor_of_matrix(cache->z2);
    table[FC2].weight = tensor_of_matrix(net->W2);
    table[FC2].bias = tensor_of_vector(net->b2);
    table[FC2].weight_grad = tensor_of_matrix(g->dW2);
    table[FC2].bias_grad = tensor_of_vector(g->db2);
    table[FC2].l2_strength = reg;

    table[LOSS].name = "softmax_ce";
    table[LOSS].forward = softmax_ce_forward;
    table[LOSS].backward = softmax_ce_backward;
    table[LOSS].input = tensor_of_matrix(cache->z2);
    table[LOSS].output = tensor_of_matrix(cache->prob);
    table[LOSS].labels = y;

    /* gradient tensors between the layers, straight into g */
    dscores = tensor_of_matrix(g->dz2);
    dhidden = tensor_of_matrix(g->dp1);
    dpre = tensor_of_matrix(g->dz1);

    grad_at_input[FC1] = NULL;
    grad_at_input[RELU1] = &dpre;
    grad_at_input[FC2] = &dhidden;
    grad_at_input[LOSS] = &dscores;
    grad_at_input[NUM_LAYERS] = NULL;

    for (k = NUM_LAYERS - 1; k >= 0; k--) {
        int rc = table[k].backward(&table[k], grad_at_input[k + 1],
                                   grad_at_input[k]);
        if (rc != 0)
            return rc;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
