/* backward.c -- backward pass for the two-layer classifier.
 *
 * Uses my mini framework: a forward context records, for every layer in
 * the network table, the tensor that went in and the tensor that came
 * out.  Each layer's backward looks its saved tensors up in the context
 * by its own index.  The table is walked from the last layer to the
 * first; layer i hands its input gradient to layer i-1.
 */
#include <stdlib.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

typedef struct tensor {
  size_t rows, cols, stride;
  double *data;
} tensor;

static inline double tensor_get(const tensor *t, size_t r, size_t c) {
  return t->data[r * t->stride + c];
}

static inline void tensor_set(tensor *t, size_t r, size_t c, double value) {
  t->data[r * t->stride + c] = value;
}

static tensor tensor_from_gsl_matrix(const gsl_matrix *m) {
  tensor t = { m->size1, m->size2, m->tda, m->data };
  return t;
}

static tensor tensor_from_gsl_vector(const gsl_vector *v) {
  tensor t = { 1, v->size, v->size, v->data };
  return t;
}

enum layer_index { LAYER_HIDDEN_DENSE, LAYER_HIDDEN_RELU, LAYER_OUTPUT_DENSE,
                   LAYER_SOFTMAX_LOSS, LAYER_COUNT };

typedef struct forward_context {
  tensor saved_input[LAYER_COUNT];
  tensor saved_output[LAYER_COUNT];
  const size_t *labels;
} forward_context;

typedef struct layer layer;
struct layer {
  int index;
  const forward_context *context;
  int (*backward)(layer *self, const tensor *dout, tensor *din);
  tensor weights;
  tensor weights_gradient;
  tensor bias_gradient;
  double weight_decay;
};

static int dense_layer_backward(layer *self, const tensor *dout, tensor *din) {
  const tensor *layer_input = &self->context->saved_input[self->index];
  size_t batch_size = dout->rows;
  size_t inputs = self->weights.rows, outputs = self->weights.cols;

  for (size_t a = 0; a < inputs; a++) {
    for (size_t b = 0; b < outputs; b++) {
      double total = 0.0;
      for (size_t n = 0; n < batch_size; n++)
        total += tensor_get(layer_input, n, a) * tensor_get(dout, n, b);
      total += 2.0 * self->weight_decay * tensor_get(&self->weights, a, b);
      tensor_set(&self->weights_gradient, a, b, total);
    }
  }
  for (size_t b = 0; b < outputs; b++) {
    double total = 0.0;
    for (size_t n = 0; n < batch_size; n++)
      total += tensor_get(dout, n, b);
    tensor_set(&self->bias_gradient, 0, b, total);
  }
  if (din == NULL)
    return 0;
  for (size_t n = 0; n < batch_size; n++) {
    for (size_t a = 0; a < inputs; a++) {
      double total = 0.0;
      for (size_t b = 0; b < outputs; b++)
        total += tensor_get(dout, n, b) * tensor_get(&self->weights, a, b);
      tensor_set(din, n, a, total);
    }
  }
  return 0;
}

static int relu_layer_backward(layer *self, const tensor *dout, tensor *din) {
  const tensor *pre_activation = &self->context->saved_input[self->index];
  for (size_t n = 0; n < dout->rows; n++)
    for (size_t h = 0; h < dout->cols; h++)
      tensor_set(din, n, h,
                 tensor_get(pre_activation, n, h) > 0.0 ? tensor_get(dout, n, h) : 0.0);
  return 0;
}

/* softmax + cross-entropy together: d loss / d scores = (p - onehot) / N */
static int softmax_loss_backward(layer *self, const tensor *dout, tensor *din) {
  const tensor *probabilities = &self->context->saved_input[self->index];
  const size_t *labels = self->context->labels;
  size_t batch_size = probabilities->rows;
  (void) dout;

  for (size_t n = 0; n < batch_size; n++) {
    for (size_t c = 0; c < probabilities->cols; c++) {
      double indicator = (c == labels[n]) ? 1.0 : 0.0;
      tensor_set(din, n, c,
                 (tensor_get(probabilities, n, c) - indicator) / (double) batch_size);
    }
  }
  return 0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  forward_context context;
  layer network[LAYER_COUNT] = { { 0 } };
  tensor gradient_scores, gradient_hidden_output, gradient_hidden_input;
  tensor *input_gradient[LAYER_COUNT];
  const tensor *output_gradient[LAYER_COUNT];

  if (X->size1 != cache->N || X->size2 != net->D || g->N != cache->N)
    return 1;

  /* what the forward pass saw */
  context.saved_input[LAYER_HIDDEN_DENSE] = tensor_from_gsl_matrix(X);
  context.saved_output[LAYER_HIDDEN_DENSE] = tensor_from_gsl_matrix(cache->z1);
  context.saved_input[LAYER_HIDDEN_RELU] = tensor_from_gsl_matrix(cache->z1);
  context.saved_output[LAYER_HIDDEN_RELU] = tensor_from_gsl_matrix(cache->p1);
  context.saved_input[LAYER_OUTPUT_DENSE] = tensor_from_gsl_matrix(cache->p1);
  context.saved_output[LAYER_OUTPUT_DENSE] = tensor_from_gsl_matrix(cache->z2);
  context.saved_input[LAYER_SOFTMAX_LOSS] = tensor_from_gsl_matrix(cache->z2);
  context.saved_output[LAYER_SOFTMAX_LOSS] = tensor_from_gsl_matrix(cache->prob);
  context.labels = y;

  for (int i = 0; i < LAYER_COUNT; i++) {
    network[i].index = i;
    network[i].context = &context;
  }
  network[LAYER_HIDDEN_DENSE].backward = dense_layer_backward;
  network[LAYER_HIDDEN_DENSE].weights = tensor_from_gsl_matrix(net->W1);
  network[LAYER_HIDDEN_DENSE].weights_gradient = tensor_from_gsl_matrix(g->dW1);
  network[LAYER_HIDDEN_DENSE].bias_gradient = tensor_from_gsl_vector(g->db1);
  network[LAYER_HIDDEN_DENSE].weight_decay = reg;
  network[LAYER_HIDDEN_RELU].backward = relu_layer_backward;
  network[LAYER_OUTPUT_DENSE].backward = dense_layer_backward;
  network[LAYER_OUTPUT_DENSE].weights = tensor_from_gsl_matrix(net->W2);
  network[LAYER_OUTPUT_DENSE].weights_gradient = tensor_from_gsl_matrix(g->dW2);
  network[LAYER_OUTPUT_DENSE].bias_gradient = tensor_from_gsl_vector(g->db2);
  network[LAYER_OUTPUT_DENSE].weight_decay = reg;
  network[LAYER_SOFTMAX_LOSS].backward = softmax_loss_backward;

  gradient_scores = tensor_from_gsl_matrix(g->dz2);
  gradient_hidden_output = tensor_from_gsl_matrix(g->dp1);
  gradient_hidden_input = tensor_from_gsl_matrix(g->dz1);

  output_gradient[LAYER_SOFTMAX_LOSS] = NULL;
  input_gradient[LAYER_SOFTMAX_LOSS] = &gradient_scores;
  output_gradient[LAYER_OUTPUT_DENSE] = &gradient_scores;
  input_gradient[LAYER_OUTPUT_DENSE] = &gradient_hidden_output;
  output_gradient[LAYER_HIDDEN_RELU] = &gradient_hidden_output;
  input_gradient[LAYER_HIDDEN_RELU] = &gradient_hidden_input;
  output_gradient[LAYER_HIDDEN_DENSE] = &gradient_hidden_input;
  input_gradient[LAYER_HIDDEN_DENSE] = NULL;

  for (int i = LAYER_COUNT - 1; i >= 0; i--) {
    int status = network[i].backward(&network[i], output_gradient[i], input_gradient[i]);
    if (status != 0)
      return status;
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
