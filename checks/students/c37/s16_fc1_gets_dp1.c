/*
 * backward.c  --  MSc Machine Learning, practical 3
 *
 * One generic linear layer (struct + backward) used for both fc1 and fc2,
 * a relu, and the softmax-CE head.  The grad buffers of the intermediate
 * tensors (dz2, dp1, dz1) are the ones in g; I pass them around as
 * grad_output / grad_input like autograd would.
 *
 * Order: head -> fc2 -> relu -> fc1 (reverse of forward).
 */

#include <stddef.h>
#include <gsl/gsl_blas.h>
#include <backprop/net.h>
#include <backprop/grads.h>

typedef struct linear {
  const gsl_matrix *saved_input;  /* (N, fan_in) */
  const gsl_matrix *W;            /* (fan_in, fan_out) */
  gsl_matrix *dW;
  gsl_vector *db;
} linear;

static void
head_backward (const gsl_matrix *probs, const size_t *labels,
               gsl_matrix *grad_logits)
{
  size_t N = probs->size1, i;
  double scale = 1.0 / (double) N;

  gsl_matrix_memcpy (grad_logits, probs);
  for (i = 0; i < N; i++)
    gsl_matrix_set (grad_logits, i, labels[i],
                    gsl_matrix_get (grad_logits, i, labels[i]) - 1.0);
  gsl_matrix_scale (grad_logits, scale);
}

static void
linear_backward (linear *layer, const gsl_matrix *grad_output, double reg,
                 gsl_matrix *grad_input /* may be NULL */)
{
  size_t i, j;

  gsl_matrix_memcpy (layer->dW, layer->W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, layer->saved_input,
                  grad_output, 2.0 * reg, layer->dW);

  for (j = 0; j < layer->db->size; j++)
    {
      double s = 0.0;
      for (i = 0; i < grad_output->size1; i++)
        s += gsl_matrix_get (grad_output, i, j);
      gsl_vector_set (layer->db, j, s);
    }

  if (grad_input != NULL)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, grad_output, layer->W,
                    0.0, grad_input);
}

static void
relu_backward (const gsl_matrix *saved_z, const gsl_matrix *grad_output,
               gsl_matrix *grad_input)
{
  size_t i, j;
  for (i = 0; i < saved_z->size1; i++)
    for (j = 0; j < saved_z->size2; j++)
      gsl_matrix_set (grad_input, i, j, (gsl_matrix_get (saved_z, i, j) > 0.0)
                      * gsl_matrix_get (grad_output, i, j));
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  linear fc1, fc2;

  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  fc1.saved_input = X;         fc1.W = net->W1; fc1.dW = g->dW1; fc1.db = g->db1;
  fc2.saved_input = cache->p1; fc2.W = net->W2; fc2.dW = g->dW2; fc2.db = g->db2;

  head_backward (cache->prob, y, g->dz2);
  linear_backward (&fc2, g->dz2, reg, g->dp1);
  relu_backward (cache->z1, g->dp1, g->dz1);
  linear_backward (&fc1, g->dp1, reg, NULL);

  g->present = BP_GRADS_ALL;
  return 0;
}
