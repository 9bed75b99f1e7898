/*
 * backward.c
 *
 * Backward pass of the 2-layer net through my layer library.
 *
 *   table[0]  fully connected  X  -> z1   (W1, b1)
 *   table[1]  relu             z1 -> p1
 *   table[2]  fully connected  p1 -> z2   (W2, b2)
 *   table[3]  softmax + cross entropy on z2
 *
 * make_table() wires every layer to the tensors the forward pass left in
 * the cache; run_backward() walks the table from the loss down.  The
 * weight decay strength is a property of each layer (0 = none), set by
 * the caller.
 */

#include <string.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define TABLE_SIZE 4

typedef struct
{
    size_t rows, cols, stride;
    double *data;
} tensor_t;

typedef struct layer_s layer_t;
typedef int (*backward_fn_t)(layer_t *self, const tensor_t *dout, tensor_t *din);

struct layer_s
{
    const char *description;
    backward_fn_t backward;
    tensor_t saved_input;
    tensor_t saved_output;
    tensor_t weight;
    tensor_t weight_gradient;
    tensor_t bias_gradient;
    double weight_decay;
    const size_t *class_labels;
    tensor_t *gradient_into;     /* this layer's input gradient */
    tensor_t *gradient_from;     /* its output gradient (from the next layer) */
};

static tensor_t wrap_matrix(const gsl_matrix *m)
{
    tensor_t t;
    t.rows = m->size1;
    t.cols = m->size2;
    t.stride = m->tda;
    t.data = m->data;
    return t;
}

static tensor_t wrap_vector(const gsl_vector *v)
{
    tensor_t t;
    t.rows = 1;
    t.cols = v->size;
    t.stride = v->size;
    t.data = v->data;
    return t;
}

static int fully_connected_backward(layer_t *self, const tensor_t *dout, tensor_t *din)
{
    const tensor_t *x = &self->saved_input;
    const tensor_t *w = &self->weight;
    size_t batch = dout->rows;
    size_t r, c, n;

    for (r = 0; r < w->rows; r++)
    {
        for (c = 0; c < w->cols; c++)
        {
            double sum = 0.0;
            for (n = 0; n < batch; n++)
            {
                sum += x->data[n * x->stride + r] * dout->data[n * dout->stride + c];
            }
            self->weight_gradient.data[r * self->weight_gradient.stride + c] =
                sum + 2.0 * self->weight_decay * w->data[r * w->stride + c];
        }
    }

    for (c = 0; c < w->cols; c++)
    {
        double sum = 0.0;
        for (n = 0; n < batch; n++)
        {
            sum += dout->data[n * dout->stride + c];
        }
        self->bias_gradient.data[c] = sum;
    }

    if (din != NULL)
    {
        for (n = 0; n < batch; n++)
        {
            for (r = 0; r < w->rows; r++)
            {
                double sum = 0.0;
                for (c = 0; c < w->cols; c++)
                {
                    sum += dout->data[n * dout->stride + c] * w->data[r * w->stride + c];
                }
                din->data[n * din->stride + r] = sum;
            }
        }
    }
    return 0;
}

static int relu_backward(layer_t *self, const tensor_t *dout, tensor_t *din)
{
    const tensor_t *z = &self->saved_input;
    size_t n, h;

    for (n = 0; n < dout->rows; n++)
    {
        for (h = 0; h < dout->cols; h++)
        {
            double upstream = dout->data[n * dout->stride + h];
            din->data[n * din->stride + h] = z->data[n * z->stride + h] > 0.0 ? upstream : 0.0;
        }
    }
    return 0;
}

static int softmax_cross_entropy_backward(layer_t *self, const tensor_t *dout, tensor_t *din)
{
    const tensor_t *prob = &self->saved_output;
    size_t batch = prob->rows;
    size_t n, k;

    (void) dout;
    for (n = 0; n < batch; n++)
    {
        for (k = 0; k < prob->cols; k++)
        {
            double target = (k == self->class_labels[n]) ? 1.0 : 0.0;
            din->data[n * din->stride + k] =
                (prob->data[n * prob->stride + k] - target) / (double) batch;
        }
    }
    return 0;
}

static void make_table(layer_t *table, const bp_net *net, const gsl_matrix *X,
                       const size_t *y, const bp_cache *cache, bp_grads *g,
                       tensor_t *d_scores, tensor_t *d_hidden, tensor_t *d_preact)
{
    memset(table, 0, TABLE_SIZE * sizeof *table);

    table[0].description = "fc1";
    table[0].backward = fully_connected_backward;
    table[0].saved_input = wrap_matrix(X);
    table[0].saved_output = wrap_matrix(cache->z1);
    table[0].weight = wrap_matrix(net->W1);
    table[0].weight_gradient = wrap_matrix(g->dW1);
    table[0].bias_gradient = wrap_vector(g->db1);
    table[0].gradient_from = d_preact;
    table[0].gradient_into = NULL;

    table[1].description = "relu";
    table[1].backward = relu_backward;
    table[1].saved_input = wrap_matrix(cache->z1);
    table[1].saved_output = wrap_matrix(cache->p1);
    table[1].gradient_from = d_hidden;
    table[1].gradient_into = d_preact;

    table[2].description = "fc2";
    table[2].backward = fully_connected_backward;
    table[2].saved_input = wrap_matrix(cache->p1);
    table[2].saved_output = wrap_matrix(cache->z2);
    table[2].weight = wrap_matrix(net->W2);
    table[2].weight_gradient = wrap_matrix(g->dW2);
    table[2].bias_gradient = wrap_vector(g->db2);
    table[2].gradient_from = d_scores;
    table[2].gradient_into = d_hidden;

    table[3].description = "softmax_xent";
    table[3].backward = softmax_cross_entropy_backward;
    table[3].saved_input = wrap_matrix(cache->z2);
    table[3].saved_output = wrap_matrix(cache->prob);
    table[3].class_labels = y;
    table[3].gradient_from = NULL;
    table[3].gradient_into = d_scores;
}

static int run_backward(layer_t *table, int size)
{
    int i;
    for (i = size - 1; i >= 0; i--)
    {
        int rc = table[i].backward(&table[i], table[i].gradient_from, table[i].gradient_into);
        if (rc != 0)
        {
            return rc;
        }
    }
    return 0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    layer_t table[TABLE_SIZE];
    tensor_t d_scores, d_hidden, d_preact;
    int rc;

    if (X->size1 != cache->N || X->size2 != net->D || g->N != cache->N)
    {
        return 1;
    }

    d_scores = wrap_matrix(g->dz2);
    d_hidden = wrap_matrix(g->dp1);
    d_preact = wrap_matrix(g->dz1);

    make_table(table, net, X, y, cache, g, &d_scores, &d_hidden, &d_preact);

    /* L2 penalty on both weight layers */
    table[0].weight_decay = reg;
    table[1].weight_decay = reg;

    rc = run_backward(table, TABLE_SIZE);
    if (rc == 0)
    {
        g->present = BP_GRADS_ALL;
    }
    return rc;
}
