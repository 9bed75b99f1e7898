/*
 * backward.c  --  two-layer net, backward pass, "layers" framework
 *
 * Layer kinds: DENSE, ACTIVATION (relu / identity / tanh, chosen by an
 * enum), LOSS (softmax cross-entropy).  The network is a table; the
 * backward walk goes from the loss to the first layer and each step
 * dispatches on the kind.  The context keeps, for each layer, its input
 * and output from the forward pass.
 */

#include <stddef.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

typedef struct
{
  size_t rows, cols, stride;
  double *data;
} Tensor;

#define ELEM(t, r, c) ((t)->data[(r) * (t)->stride + (c)])

typedef enum { KIND_DENSE, KIND_ACTIVATION, KIND_LOSS } LayerKind;
typedef enum { ACTIVATION_IDENTITY, ACTIVATION_RELU, ACTIVATION_TANH } Activation;

typedef struct Layer Layer;
struct Layer
{
  LayerKind kind;
  Activation activation;
  int (*backward)(Layer *self, const Tensor *dout, Tensor *din);
  Tensor input, output;
  Tensor weight, weightGrad, biasGrad;
  double l2;
  const size_t *labels;
};

static Tensor wrapMatrix(const gsl_matrix *m)
{
  Tensor t = { m->size1, m->size2, m->tda, m->data };
  return t;
}

static Tensor wrapVector(const gsl_vector *v)
{
  Tensor t = { 1, v->size, v->size, v->data };
  return t;
}

static int denseBackward(Layer *self, const Tensor *dout, Tensor *din)
{
  size_t batch = dout->rows, fanIn = self->weight.rows, fanOut = self->weight.cols;
  size_t n, a, b;

  for (a = 0; a < fanIn; a++)
    for (b = 0; b < fanOut; b++)
    {
      double acc = 2.0 * self->l2 * ELEM(&self->weight, a, b);
      for (n = 0; n < batch; n++)
        acc += ELEM(&self->input, n, a) * ELEM(dout, n, b);
      ELEM(&self->weightGrad, a, b) = acc;
    }

  for (b = 0; b < fanOut; b++)
  {
    double acc = 0.0;
    for (n = 0; n < batch; n++)
      acc += ELEM(dout, n, b);
    ELEM(&self->biasGrad, 0, b) = acc;
  }

  if (din != NULL)
    for (n = 0; n < batch; n++)
      for (a = 0; a < fanIn; a++)
      {
        double acc = 0.0;
        for (b = 0; b < fanOut; b++)
          acc += ELEM(dout, n, b) * ELEM(&self->weight, a, b);
        ELEM(din, n, a) = acc;
      }
  return 0;
}

static int activationBackward(Layer *self, const Tensor *dout, Tensor *din)
{
  size_t n, h;

  for (n = 0; n < dout->rows; n++)
    for (h = 0; h < dout->cols; h++)
    {
      double upstream = ELEM(dout, n, h);
      double pre = ELEM(&self->input, n, h);
      double post = ELEM(&self->output, n, h);
      double d;

      switch (self->activation)
      {
        case ACTIVATION_RELU:
          if (pre <= 0.0)
          {
            d = 0.0;
          }
          /* fall through - a live relu unit is just the identity */
        case ACTIVATION_IDENTITY:
          d = upstream;
          break;
        case ACTIVATION_TANH:
          d = upstream * (1.0 - post * post);
          break;
        default:
          d = 0.0;
          break;
      }
      ELEM(din, n, h) = d;
    }
  return 0;
}

static int lossBackward(Layer *self, const Tensor *dout, Tensor *din)
{
  size_t batch = self->output.rows, n, c;
  (void) dout;

  for (n = 0; n < batch; n++)
    for (c = 0; c < self->output.cols; c++)
    {
      double target = (c == self->labels[n]) ? 1.0 : 0.0;
      ELEM(din, n, c) = (ELEM(&self->output, n, c) - target) / (double) batch;
    }
  return 0;
}

static int layerBackward(Layer *self, const Tensor *dout, Tensor *din)
{
  switch (self->kind)
  {
    case KIND_DENSE:
      return denseBackward(self, dout, din);
    case KIND_ACTIVATION:
      return activationBackward(self, dout, din);
    case KIND_LOSS:
      return lossBackward(self, dout, din);
  }
  return -1;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  Layer layers[4] = { { 0 } };
  Tensor dScores, dHidden, dPre;
  const Tensor *gradOut[4] = { &dPre, &dHidden, &dScores, NULL };
  Tensor *gradIn[4] = { NULL, &dPre, &dHidden, &dScores };
  int i;

  if (X->size1 != cache->N || X->size2 != net->D || g->N != cache->N)
    return 1;

  dScores = wrapMatrix(g->dz2);
  dHidden = wrapMatrix(g->dp1);
  dPre = wrapMatrix(g->dz1);

  layers[0].kind = KIND_DENSE;
  layers[0].input = wrapMatrix(X);
  layers[0].output = wrapMatrix(cache->z1);
  layers[0].weight = wrapMatrix(net->W1);
  layers[0].weightGrad = wrapMatrix(g->dW1);
  layers[0].biasGrad = wrapVector(g->db1);
  layers[0].l2 = reg;

  layers[1].kind = KIND_ACTIVATION;
  layers[1].activation = ACTIVATION_RELU;
  layers[1].input = wrapMatrix(cache->z1);
  layers[1].output = wrapMatrix(cache->p1);

  layers[2].kind = KIND_DENSE;
  layers[2].input = wrapMatrix(cache->p1);
  layers[2].output = wrapMatrix(cache->z2);
  layers[2].weight = wrapMatrix(net->W2);
  layers[2].weightGrad = wrapMatrix(g->dW2);
  layers[2].biasGrad = wrapVector(g->db2);
  layers[2].l2 = reg;

  layers[3].kind = KIND_LOSS;
  layers[3].input = wrapMatrix(cache->z2);
  layers[3].output = wrapMatrix(cache->prob);
  layers[3].labels = y;

  for (i = 3; i >= 0; i--)
  {
    int status;
    layers[i].backward = layerBackward;
    status = layers[i].backward(&layers[i], gradOut[i], gradIn[i]);
    if (status != 0)
      return status;
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
