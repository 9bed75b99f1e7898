/* backward pass -- struct of arrays, everything float
 *
 *   out.dz  : dz2, class-major   out.dz[k*N + i]
 *   out.wT  : W2 transposed      out.wT[k*H + j]   (class k's weights)
 *   hid.dz  : dz1, row-major     hid.dz[i*H + j]
 */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

struct out_soa { float *dz; float *wT; };
struct hid_soa { float *dz; };

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  struct out_soa out;
  struct hid_soa hid;
  size_t i, j, k, d;

  out.dz = malloc (C * N * sizeof (float));
  out.wT = malloc (C * H * sizeof (float));
  hid.dz = malloc (N * H * sizeof (float));
  if (!out.dz || !out.wT || !hid.dz)
    {
      free (out.dz); free (out.wT); free (hid.dz);
      return 1;
    }

  for (k = 0; k < C; k++)
    {
      float sb = 0.0f;
      for (i = 0; i < N; i++)
        {
          float p = (float) gsl_matrix_get (cache->prob, i, k);
          out.dz[k * N + i] = (p - (k == y[i] ? 1.0f : 0.0f)) / (float) N;
          gsl_matrix_set (g->dz2, i, k, out.dz[k * N + i]);
          sb += out.dz[k * N + i];
        }
      gsl_vector_set (g->db2, k, sb);
      for (j = 0; j < H; j++)
        {
          float s = 0.0f;
          out.wT[k * H + j] = (float) gsl_matrix_get (net->W2, j, k);
          for (i = 0; i < N; i++)
            s += (float) gsl_matrix_get (cache->p1, i, j) * out.dz[k * N + i];
          gsl_matrix_set (g->dW2, j, k, s + 2.0f * (float) reg * out.wT[k * H + j]);
        }
    }

  /* dp1[i][j] = sum_k dz2[i][k] W2[j][k] */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        float s = 0.0f;
        for (k = 0; k < C; k++)
          s += out.dz[k * N + i] * out.wT[j * C + k];
        gsl_matrix_set (g->dp1, i, j, s);
        hid.dz[i * H + j] = gsl_matrix_get (cache->z1, i, j) > 0.0 ? s : 0.0f;
        gsl_matrix_set (g->dz1, i, j, hid.dz[i * H + j]);
      }

  for (j = 0; j < H; j++)
    {
      float sb = 0.0f;
      for (i = 0; i < N; i++)
        sb += hid.dz[i * H + j];
      gsl_vector_set (g->db1, j, sb);
      for (d = 0; d < D; d++)
        {
          float s = 0.0f;
          for (i = 0; i < N; i++)
            s += (float) gsl_matrix_get (X, i, d) * hid.dz[i * H + j];
          gsl_matrix_set (g->dW1, d, j,
                          s + 2.0f * (float) reg * (float) gsl_matrix_get (net->W1, d, j));
        }
    }

  free (out.dz); free (out.wT); free (hid.dz);
  g->present = BP_GRADS_ALL;
  return 0;
}
