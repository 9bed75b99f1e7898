/* backward.c -- backward pass, two-layer net, using netlib (my framework).
 *
 * In netlib a dense layer carries its activation with it: the layer is
 * out = act(in W + b), act one of ACT_NONE / ACT_RELU, and the forward
 * context keeps, per layer, in, pre = in W + b and out.  The two-layer
 * net is then only three table entries:
 *
 *     dense(W1, relu)  ->  dense(W2, none)  ->  softmax cross-entropy
 *
 * backward() wires the entries to the cache, walks them from the back,
 * and the gradients land directly in g. */

#include <stddef.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

typedef struct tensor {
  size_t rows, cols, stride;
  double *data;
} tensor;

#define T(t, i, j) ((t)->data[(i) * (t)->stride + (j)])

static tensor as_tensor(const gsl_matrix *m) {
  tensor t = { m->size1, m->size2, m->tda, m->data };
  return t;
}

static tensor as_row_tensor(const gsl_vector *v) {
  tensor t = { 1, v->size, v->size, v->data };
  return t;
}

typedef enum { ACT_NONE, ACT_RELU } activation_kind;

/* the forward context: every tensor the forward pass produced */
typedef struct netlib_context {
  tensor input;          /* X */
  tensor hidden_pre;     /* z1 */
  tensor hidden;         /* p1 */
  tensor scores;         /* z2 */
  tensor probabilities;  /* prob */
} netlib_context;

typedef struct layer layer;
struct layer {
  int (*backward)(layer *self, const tensor *dout, tensor *din);
  activation_kind activation;
  const tensor *in;       /* saved: what came in */
  const tensor *pre;      /* saved: in W + b */
  const tensor *out;      /* saved: act(pre) */
  tensor W, dW, db;
  tensor *dpre;           /* where d loss / d pre goes */
  double decay;
  const size_t *labels;
};

/* d loss / d pre from d loss / d out, through the activation */
static void activation_backward(const layer *self, const tensor *dout) {
  size_t i, j;
  for (i = 0; i < dout->rows; i++)
    for (j = 0; j < dout->cols; j++) {
      double d = T(dout, i, j);
      switch (self->activation) {
      case ACT_RELU:
        if (T(self->pre, i, j) <= 0.0)
          d = 0.0;
        break;
      case ACT_NONE:
        break;
      }
      T(self->dpre, i, j) = d;
    }
}

static int dense_backward(layer *self, const tensor *dout, tensor *din) {
  const tensor *dp = self->dpre;
  size_t n = dout->rows, i, j, k;

  activation_backward(self, dout);

  for (j = 0; j < self->W.rows; j++)
    for (k = 0; k < self->W.cols; k++) {
      double s = 2.0 * self->decay * T(&self->W, j, k);
      for (i = 0; i < n; i++)
        s += T(self->in, i, j) * T(dp, i, k);
      T(&self->dW, j, k) = s;
    }

  for (k = 0; k < self->W.cols; k++) {
    double s = 0.0;
    for (i = 0; i < n; i++)
      s += T(dp, i, k);
    T(&self->db, 0, k) = s;
  }

  if (din)
    for (i = 0; i < n; i++)
      for (j = 0; j < self->W.rows; j++) {
        double s = 0.0;
        for (k = 0; k < self->W.cols; k++)
          s += T(dp, i, k) * T(&self->W, j, k);
        T(din, i, j) = s;
      }
  return 0;
}

static int softmax_xent_backward(layer *self, const tensor *dout, tensor *din) {
  const tensor *p = self->out;
  size_t n = p->rows, i, j;
  (void) dout;
  for (i = 0; i < n; i++)
    for (j = 0; j < p->cols; j++)
      T(din, i, j) = (T(p, i, j) - (j == self->labels[i] ? 1.0 : 0.0)) / n;
  return 0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  netlib_context ctx;
  layer layers[3] = { { 0 } };
  tensor d_scores, d_hidden, d_hidden_pre;
  tensor *grad_in[3];
  const tensor *grad_out[3];
  int l;

  if (X->size1 != cache->N || X->size2 != net->D || g->N != cache->N)
    return 1;

  ctx.input = as_tensor(X);
  ctx.hidden_pre = as_tensor(cache->z1);
  ctx.hidden = as_tensor(cache->p1);
  ctx.scores = as_tensor(cache->z2);
  ctx.probabilities = as_tensor(cache->prob);

  d_scores = as_tensor(g->dz2);
  d_hidden = as_tensor(g->dp1);
  d_hidden_pre = as_tensor(g->dz1);

  /* dense(W1, relu) */
  layers[0].backward = dense_backward;
  layers[0].activation = ACT_RELU;
  layers[0].in = &ctx.input;
  layers[0].pre = &ctx.hidden_pre;
  layers[0].out = &ctx.hidden;
  layers[0].W = as_tensor(net->W1);
  layers[0].dW = as_tensor(g->dW1);
  layers[0].db = as_row_tensor(g->db1);
  layers[0].dpre = &d_hidden_pre;
  layers[0].decay = reg;

  /* dense(W2, none): pre and out are both the scores */
  layers[1].backward = dense_backward;
  layers[1].activation = ACT_NONE;
  layers[1].in = &ctx.hidden_pre;
  layers[1].pre = &ctx.scores;
  layers[1].out = &ctx.scores;
  layers[1].W = as_tensor(net->W2);
  layers[1].dW = as_tensor(g->dW2);
  layers[1].db = as_row_tensor(g->db2);
  layers[1].dpre = &d_scores;
  layers[1].decay = reg;

  /* softmax cross-entropy */
  layers[2].backward = softmax_xent_backward;
  layers[2].in = &ctx.scores;
  layers[2].out = &ctx.probabilities;
  layers[2].labels = y;

  grad_out[2] = NULL;       grad_in[2] = &d_scores;
  grad_out[1] = &d_scores;  grad_in[1] = &d_hidden;
  grad_out[0] = &d_hidden;  grad_in[0] = NULL;

  for (l = 2; l >= 0; l--) {
    int rc = layers[l].backward(&layers[l], grad_out[l], grad_in[l]);
    if (rc)
      return rc;
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
