/* Backward pass, no BLAS, just loops (easier to debug for me).
 * Layers: Linear(D,H) -> ReLU -> Linear(H,C) -> CrossEntropyLoss (mean)
 * L2 penalty reg*(|W1|^2+|W2|^2) is added at the very end, like
 * a separate "weight decay" step after loss.backward(). */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

struct linear
{
  const gsl_matrix *W;
  gsl_matrix *dW;
  gsl_vector *db;
};

static void
softmax_xent_backward (const gsl_matrix *probs, const size_t *labels,
                       gsl_matrix *grad_logits)
{
  size_t n, c;
  size_t batch = probs->size1;

  for (n = 0; n < batch; n++)
    for (c = 0; c < probs->size2; c++)
      {
        double t = (c == labels[n]) ? 1.0 : 0.0;
        gsl_matrix_set (grad_logits, n, c,
                        (gsl_matrix_get (probs, n, c) - t) / batch);
      }
}

/* grad_input may be NULL */
static void
linear_backward (struct linear *self, const gsl_matrix *input,
                 const gsl_matrix *grad_output, gsl_matrix *grad_input)
{
  size_t n, i, o;
  size_t batch = input->size1, fan_in = self->W->size1, fan_out = self->W->size2;

  for (i = 0; i < fan_in; i++)
    for (o = 0; o < fan_out; o++)
      {
        double acc = 0.0;
        for (n = 0; n < batch; n++)
          acc += gsl_matrix_get (input, n, i) * gsl_matrix_get (grad_output, n, o);
        gsl_matrix_set (self->dW, i, o, acc);
      }

  for (o = 0; o < fan_out; o++)
    {
      double acc = 0.0;
      for (n = 0; n < batch; n++)
        acc += gsl_matrix_get (grad_output, n, o);
      gsl_vector_set (self->db, o, acc);
    }

  if (grad_input == NULL)
    return;
  for (n = 0; n < batch; n++)
    for (i = 0; i < fan_in; i++)
      {
        double acc = 0.0;
        for (o = 0; o < fan_out; o++)
          acc += gsl_matrix_get (grad_output, n, o) * gsl_matrix_get (self->W, i, o);
        gsl_matrix_set (grad_input, n, i, acc);
      }
}

static void
relu_backward (const gsl_matrix *grad_output, const gsl_matrix *pre_act,
               gsl_matrix *grad_input)
{
  size_t n, h;
  for (n = 0; n < pre_act->size1; n++)
    for (h = 0; h < pre_act->size2; h++)
      gsl_matrix_set (grad_input, n, h,
                      gsl_matrix_get (pre_act, n, h) > 0
                      ? gsl_matrix_get (grad_output, n, h) : 0.0);
}

static void
add_weight_decay (struct linear *self, double reg)
{
  size_t i, o;
  for (i = 0; i < self->W->size1; i++)
    for (o = 0; o < self->W->size2; o++)
      gsl_matrix_set (self->dW, i, o, gsl_matrix_get (self->dW, i, o)
                      + 2.0 * reg * gsl_matrix_get (self->W, i, o));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  struct linear fc1, fc2;
  gsl_matrix *grad_W1 = g->dW1, *grad_W2 = g->dW2;
  gsl_vector *grad_b1 = g->db1, *grad_b2 = g->db2;

  fc1.W = net->W1; fc1.dW = grad_W1; fc1.db = grad_b1;
  fc2.W = net->W2; fc2.dW = grad_W2; fc2.db = grad_b2;

  softmax_xent_backward (cache->prob, y, g->dz2);
  linear_backward (&fc2, cache->p1, g->dz2, g->dp1);
  relu_backward (g->dp1, cache->z1, g->dz1);
  linear_backward (&fc1, X, g->dz1, NULL);

  /* optimizer-style weight decay */
  add_weight_decay (&fc1, reg);
  add_weight_decay (&fc2, reg);

  g->present = BP_GRADS_ALL;
  return 0;
}
