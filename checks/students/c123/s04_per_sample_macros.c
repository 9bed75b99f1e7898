/* HW3 -- backward pass, one sample at a time.
 *
 * I found it easier to think about one sample (one row) at a time:
 * every sample adds an outer product to the weight gradients and its
 * row of gradients to the bias gradients.  The loss is a mean, so each
 * sample's share is 1/num_samples.
 *
 * Short macros so the loops fit on a line.
 */

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define GET(M, i, j)     gsl_matrix_get ((M), (i), (j))
#define SET(M, i, j, v)  gsl_matrix_set ((M), (i), (j), (v))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t num_samples = X->size1, num_hidden = net->H, num_classes = net->C;
  size_t sample, hidden, class_index;
  double *grad_hidden_row;      /* dp1 of the current sample, then dz1 */

  if (num_samples != cache->N || X->size2 != net->D || g->N != num_samples)
    return 1;

  grad_hidden_row = malloc (num_hidden * sizeof (double));
  if (grad_hidden_row == NULL)
    return 1;

  /* start the parameter gradients at their regularisation part,
   * d/dW (reg * sum W^2) = 2 * reg * W; biases are not regularised */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (sample = 0; sample < num_samples; sample++)
    {
      gsl_vector_view grad_scores_row = gsl_matrix_row (g->dz2, sample);
      gsl_vector_const_view hidden_out = gsl_matrix_const_row (cache->p1, sample);
      gsl_vector_const_view input_row = gsl_matrix_const_row (X, sample);
      gsl_vector_view grad_pre_row = gsl_matrix_row (g->dz1, sample);

      /* this sample's scores gradient */
      for (class_index = 0; class_index < num_classes; class_index++)
        {
          double target = (class_index == y[sample]) ? 1.0 : 0.0;
          SET (g->dz2, sample, class_index,
               (GET (cache->prob, sample, class_index) - target) / num_samples);
        }

      /* dW2 += p1_row (outer) dz2_row ;  db2 += dz2_row */
      gsl_blas_dger (1.0, &hidden_out.vector, &grad_scores_row.vector, g->dW2);
      gsl_vector_add (g->db2, &grad_scores_row.vector);

      /* dp1_row = W2 * dz2_row  (W2 is H x C) */
      for (hidden = 0; hidden < num_hidden; hidden++)
        {
          double total = 0.0;
          for (class_index = 0; class_index < num_classes; class_index++)
            total += GET (net->W2, hidden, class_index)
                     * GET (g->dz2, sample, class_index);
          grad_hidden_row[hidden] = total;
          SET (g->dp1, sample, hidden, total);
        }

      /* relu: p1 > 0 exactly when z1 > 0, so I can use the output */
      for (hidden = 0; hidden < num_hidden; hidden++)
        {
          if (GET (cache->p1, sample, hidden) > 0.0)
            SET (g->dz1, sample, hidden, grad_hidden_row[hidden]);
          else
            SET (g->dz1, sample, hidden, 0.0);
        }

      /* dW1 += x_row (outer) dz1_row ;  db1 += dz1_row */
      gsl_blas_dger (1.0, &input_row.vector, &grad_pre_row.vector, g->dW1);
      gsl_vector_add (g->db1, &grad_pre_row.vector);
    }

  free (grad_hidden_row);
  g->present = BP_GRADS_ALL;
  return 0;
}
