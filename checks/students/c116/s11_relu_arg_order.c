/* Backward pass of the two layer network, one function per layer.
 * Signatures follow torch.autograd: backward(grad_output, saved) -> grad_input
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

struct linear { const gsl_matrix *W; gsl_matrix *dW; gsl_vector *db; };

static void
softmax_xent_backward (const gsl_matrix *probs, const size_t *y,
                       gsl_matrix *grad_logits)
{
  size_t i;
  const double inv_n = 1.0 / (double) probs->size1;

  gsl_matrix_memcpy (grad_logits, probs);
  for (i = 0; i < probs->size1; i++)
    gsl_matrix_set (grad_logits, i, y[i],
                    gsl_matrix_get (grad_logits, i, y[i]) - 1.0);
  gsl_matrix_scale (grad_logits, inv_n);
}

static void
linear_backward (const gsl_matrix *grad_output, const gsl_matrix *input,
                 struct linear *fc, gsl_matrix *grad_input, double reg)
{
  size_t i, j;

  /* grad_W = input^T grad_output + 2 reg W */
  gsl_matrix_memcpy (fc->dW, fc->W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, input, grad_output,
                  2.0 * reg, fc->dW);

  /* grad_b = grad_output.sum(0) */
  for (j = 0; j < fc->db->size; j++)
    {
      double s = 0.0;
      for (i = 0; i < grad_output->size1; i++)
        s += gsl_matrix_get (grad_output, i, j);
      gsl_vector_set (fc->db, j, s);
    }

  if (grad_input)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, grad_output, fc->W, 0.0,
                    grad_input);
}

/* grad_input = grad_output * (input > 0) */
static void
relu_backward (const gsl_matrix *grad_output, const gsl_matrix *input,
               gsl_matrix *grad_input)
{
  size_t i, j;
  for (i = 0; i < input->size1; i++)
    for (j = 0; j < input->size2; j++)
      {
        double go = gsl_matrix_get (grad_output, i, j);
        gsl_matrix_set (grad_input, i, j, gsl_matrix_get (input, i, j) > 0.0 ? go : 0.0);
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  struct linear fc1 = { net->W1, g->dW1, g->db1 };
  struct linear fc2 = { net->W2, g->dW2, g->db2 };

  softmax_xent_backward (cache->prob, y, g->dz2);
  linear_backward (g->dz2, cache->p1, &fc2, g->dp1, reg);
  relu_backward (cache->z1, g->dp1, g->dz1);
  linear_backward (g->dz1, X, &fc1, NULL, reg);

  g->present = BP_GRADS_ALL;
  return 0;
}
