/* backward.c -- backpropagation (per pattern), Neural Networks lab 3
 *
 *  for each pattern n
 *      delta_out = (prob_n - onehot(y_n)) / N
 *      dW2 += a_hid' * delta_out,   db2 += delta_out
 *      dhid  = W2 * delta_out
 *      delta_hid = dhid .* (z1_n > 0)
 *      dW1 += x_n' * delta_hid,     db1 += delta_hid
 *  dW += 2 * reg * W
 */

#include "backprop.h"

#define MAXN_HID 64
#define MAXN_OUT 32

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  unsigned int n, i, j, k;
  unsigned int nsamp = X->size1, nin = net->D, nhid = net->H, nout = net->C;
  double delta_out[MAXN_OUT] = { 0 };
  double dhid[MAXN_HID] = { 0 };
  double delta_hid[MAXN_HID] = { 0 };

  if (nhid > MAXN_HID || nout > MAXN_OUT)
    return 1;

  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);

  for (n = 0; n < nsamp; n++)
    {
      /* output layer */
      for (k = 0; k < nout; k++)
        {
          delta_out[k] = gsl_matrix_get (cache->prob, n, k);
          if (y[n] == k)
            delta_out[k] -= 1.0;
          delta_out[k] /= nsamp;
          gsl_matrix_set (g->dz2, n, k, delta_out[k]);
        }

      for (j = 0; j < nhid; j++)
        for (k = 0; k < nout; k++)
          gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k)
                          + gsl_matrix_get (cache->p1, n, j) * delta_out[k]);
      for (k = 0; k < nout; k++)
        gsl_vector_set (g->db2, k, gsl_vector_get (g->db2, k) + delta_out[k]);

      /* hidden layer */
      for (j = 0; j < nhid; j++)
        {
          for (k = 0; k < nout; k++)
            dhid[j] += gsl_matrix_get (net->W2, j, k) * delta_out[k];
          gsl_matrix_set (g->dp1, n, j, dhid[j]);
          if (gsl_matrix_get (cache->z1, n, j) > 0)
            delta_hid[j] = dhid[j];
          else
            delta_hid[j] = 0;
          gsl_matrix_set (g->dz1, n, j, delta_hid[j]);
        }

      for (i = 0; i < nin; i++)
        for (j = 0; j < nhid; j++)
          gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j)
                          + gsl_matrix_get (X, n, i) * delta_hid[j]);
      for (j = 0; j < nhid; j++)
        gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + delta_hid[j]);
    }

  /* L2 */
  for (j = 0; j < nhid; j++)
    for (k = 0; k < nout; k++)
      gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k)
                      + 2 * reg * gsl_matrix_get (net->W2, j, k));
  for (i = 0; i < nin; i++)
    for (j = 0; j < nhid; j++)
      gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j)
                      + 2 * reg * gsl_matrix_get (net->W1, i, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
