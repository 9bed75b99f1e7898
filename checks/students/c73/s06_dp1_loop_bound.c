/* HW2 backward pass -- two layer network (ReLU hidden layer, softmax out)
 *
 * Chain rule, from the output back to the input.  I write every gradient
 * into its own work matrix (calloc so it starts at zero) and copy it into
 * g when it is finished. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n_samples = X->size1;
  size_t n_features = net->D;
  size_t n_hidden = net->H;
  size_t n_classes = net->C;
  size_t i, h, c, f;
  double total;

  if (n_samples != cache->N || X->size2 != n_features || g->N != n_samples)
    return 1;

  /* ---- gradient of the loss w.r.t. the scores ---- */
  gsl_matrix *dloss_dscores = gsl_matrix_calloc (n_samples, n_classes);
  for (i = 0; i < n_samples; i++)
    {
      for (c = 0; c < n_classes; c++)
        {
          double p = gsl_matrix_get (cache->prob, i, c);
          if (c == y[i])
            p = p - 1.0;
          gsl_matrix_set (dloss_dscores, i, c, p / n_samples);
        }
    }
  gsl_matrix_memcpy (g->dz2, dloss_dscores);

  /* ---- gradient w.r.t. W2 (hidden x classes) ---- */
  gsl_matrix *dloss_dW2 = gsl_matrix_calloc (n_hidden, n_classes);
  for (h = 0; h < n_hidden; h++)
    {
      for (c = 0; c < n_classes; c++)
        {
          total = 0.0;
          for (i = 0; i < n_samples; i++)
            total += gsl_matrix_get (cache->p1, i, h) * gsl_matrix_get (dloss_dscores, i, c);
          total += 2 * reg * gsl_matrix_get (net->W2, h, c);  /* L2 penalty */
          gsl_matrix_set (dloss_dW2, h, c, total);
        }
    }
  gsl_matrix_memcpy (g->dW2, dloss_dW2);
  gsl_matrix_free (dloss_dW2);

  /* ---- gradient w.r.t. b2 ---- */
  for (c = 0; c < n_classes; c++)
    {
      total = 0.0;
      for (i = 0; i < n_samples; i++)
        total += gsl_matrix_get (dloss_dscores, i, c);
      gsl_vector_set (g->db2, c, total);
    }

  /* ---- gradient w.r.t. the hidden layer output p1 ---- */
  gsl_matrix *dloss_dhidden = gsl_matrix_calloc (n_samples, n_hidden);
  for (i = 0; i < n_samples; i++)
    {
      for (h = 0; h < n_classes; h++)
        {
          total = 0.0;
          for (c = 0; c < n_classes; c++)
            total += gsl_matrix_get (dloss_dscores, i, c) * gsl_matrix_get (net->W2, h, c);
          gsl_matrix_set (dloss_dhidden, i, h, total);
        }
    }
  gsl_matrix_memcpy (g->dp1, dloss_dhidden);
  gsl_matrix_free (dloss_dscores);

  /* ---- through the ReLU ---- */
  gsl_matrix *dloss_dz1 = gsl_matrix_calloc (n_samples, n_hidden);
  for (i = 0; i < n_samples; i++)
    for (h = 0; h < n_hidden; h++)
      if (gsl_matrix_get (cache->z1, i, h) > 0)
        gsl_matrix_set (dloss_dz1, i, h, gsl_matrix_get (dloss_dhidden, i, h));
  gsl_matrix_memcpy (g->dz1, dloss_dz1);
  gsl_matrix_free (dloss_dhidden);

  /* ---- gradient w.r.t. W1 (features x hidden) ---- */
  gsl_matrix *dloss_dW1 = gsl_matrix_calloc (n_features, n_hidden);
  for (f = 0; f < n_features; f++)
    {
      for (h = 0; h < n_hidden; h++)
        {
          total = 0.0;
          for (i = 0; i < n_samples; i++)
            total += gsl_matrix_get (X, i, f) * gsl_matrix_get (dloss_dz1, i, h);
          total += 2 * reg * gsl_matrix_get (net->W1, f, h);  /* L2 penalty */
          gsl_matrix_set (dloss_dW1, f, h, total);
        }
    }
  gsl_matrix_memcpy (g->dW1, dloss_dW1);
  gsl_matrix_free (dloss_dW1);

  /* ---- gradient w.r.t. b1 ---- */
  for (h = 0; h < n_hidden; h++)
    {
      total = 0.0;
      for (i = 0; i < n_samples; i++)
        total += gsl_matrix_get (dloss_dz1, i, h);
      gsl_vector_set (g->db1, h, total);
    }
  gsl_matrix_free (dloss_dz1);

  g->present = BP_GRADS_ALL;
  return 0;
}
