/* backward.c -- two-layer net, backward, with the layer kit.
 *
 * The kit has two layer types that matter here:
 *   hidden_layer:  out = relu(in W + b)
 *   output_layer:  scores = in W + b, then softmax cross-entropy
 * Fusing softmax into the output layer saves one tensor and one pass:
 * the output layer's backward starts from the labels and produces
 * dscores, dW, db and d(in) in one go.
 *
 * The network is the table { hidden, output }; backward() wires it to
 * the cache and to g, then walks it from the end. */

#include <stddef.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

typedef struct tensor {
    size_t rows, cols, stride;
    double *data;
} tensor;

static double *elem(const tensor *t, size_t i, size_t j)
{
    return &t->data[i * t->stride + j];
}

static tensor tensor_over(const gsl_matrix *m)
{
    tensor t = { m->size1, m->size2, m->tda, m->data };
    return t;
}

static tensor tensor_over_vec(const gsl_vector *v)
{
    tensor t = { 1, v->size, v->size, v->data };
    return t;
}

typedef enum { HIDDEN_RELU_LAYER, OUTPUT_SOFTMAX_LAYER } layer_type;

typedef struct layer layer;
struct layer {
    layer_type type;
    int (*backward)(layer *self, const tensor *dout, tensor *din);
    tensor in;           /* saved input */
    tensor pre;          /* saved in W + b (z1, or the scores) */
    tensor post;         /* saved output (p1, or the probabilities) */
    tensor w, dw, db;
    tensor dpre;         /* gradient wrt pre, kept for inspection */
    double lambda;
    const size_t *y;
};

/* shared by both layer types once dpre is known */
static void weights_and_input_backward(layer *self, tensor *din)
{
    size_t n = self->dpre.rows, i, j, k;

    for (j = 0; j < self->w.rows; j++) {
        for (k = 0; k < self->w.cols; k++) {
            double s = 0.0;
            for (i = 0; i < n; i++)
                s += *elem(&self->in, i, j) * *elem(&self->dpre, i, k);
            *elem(&self->dw, j, k) = s + 2.0 * self->lambda * *elem(&self->w, j, k);
        }
    }
    if (din == NULL)
        return;
    for (i = 0; i < n; i++) {
        for (j = 0; j < self->w.rows; j++) {
            double s = 0.0;
            for (k = 0; k < self->w.cols; k++)
                s += *elem(&self->dpre, i, k) * *elem(&self->w, j, k);
            *elem(din, i, j) = s;
        }
    }
}

static int hidden_backward(layer *self, const tensor *dout, tensor *din)
{
    size_t n = dout->rows, i, k;

    for (k = 0; k < dout->cols; k++) {
        double bias_sum = 0.0;
        for (i = 0; i < n; i++) {
            double d = *elem(&self->pre, i, k) > 0.0 ? *elem(dout, i, k) : 0.0;
            *elem(&self->dpre, i, k) = d;
            bias_sum += d;
        }
        *elem(&self->db, 0, k) = bias_sum;
    }
    weights_and_input_backward(self, din);
    return 0;
}

/* dout is unused: the output layer is where the gradient starts */
static int output_backward(layer *self, const tensor *dout, tensor *din)
{
    size_t n = self->post.rows, i, k;
    (void) dout;

    for (k = 0; k < self->post.cols; k++) {
        double bias_sum = 0.0;
        for (i = 0; i < n; i++) {
            double d = *elem(&self->post, i, k);
            if (k == self->y[i])
                d -= 1.0;
            bias_sum += d;
            *elem(&self->dpre, i, k) = d / (double) n;
        }
        *elem(&self->db, 0, k) = bias_sum;
    }
    weights_and_input_backward(self, din);
    return 0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    layer table[2];
    tensor d_hidden = tensor_over(g->dp1);
    int i;

    if (X->size1 != cache->N || X->size2 != net->D || g->N != cache->N)
        return 1;

    table[0].type = HIDDEN_RELU_LAYER;
    table[0].backward = hidden_backward;
    table[0].in = tensor_over(X);
    table[0].pre = tensor_over(cache->z1);
    table[0].post = tensor_over(cache->p1);
    table[0].w = tensor_over(net->W1);
    table[0].dw = tensor_over(g->dW1);
    table[0].db = tensor_over_vec(g->db1);
    table[0].dpre = tensor_over(g->dz1);
    table[0].lambda = reg;
    table[0].y = NULL;

    table[1].type = OUTPUT_SOFTMAX_LAYER;
    table[1].backward = output_backward;
    table[1].in = tensor_over(cache->p1);
    table[1].pre = tensor_over(cache->z2);
    table[1].post = tensor_over(cache->prob);
    table[1].w = tensor_over(net->W2);
    table[1].dw = tensor_over(g->dW2);
    table[1].db = tensor_over_vec(g->db2);
    table[1].dpre = tensor_over(g->dz2);
    table[1].lambda = reg;
    table[1].y = y;

    /* output layer: no dout, writes dp1; hidden layer: reads dp1, no din */
    for (i = 1; i >= 0; i--) {
        const tensor *dout = (i == 1) ? NULL : &d_hidden;
        tensor *din = (i == 1) ? &d_hidden : NULL;
        int rc = table[i].backward(&table[i], dout, din);
        if (rc != 0)
            return rc;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
