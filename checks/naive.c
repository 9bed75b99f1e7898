/* naive.c -- an independent loss for the tests (see naive.h). */

#include <config.h>

#include <math.h>
#include <stdlib.h>

#include "naive.h"

double
naive_loss (const bp_net *net, enum naive_from from, const double *in,
            size_t N, const size_t *y, double reg)
{
  size_t D = net->D, H = net->H, C = net->C;
  const double *W1 = net->W1->data, *b1 = net->b1->data;
  const double *W2 = net->W2->data, *b2 = net->b2->data;
  double *z1 = malloc (N * H * sizeof *z1);
  double *z2 = malloc (N * C * sizeof *z2);
  double loss = 0.0, sq = 0.0;

  if (z1 == NULL || z2 == NULL)
    abort ();
  for (size_t n = 0; n < N; n++)
    {
      if (from == FROM_X)
        for (size_t j = 0; j < H; j++)
          {
            double s = b1[j];
            for (size_t k = 0; k < D; k++)
              s += in[n * D + k] * W1[k * H + j];
            z1[n * H + j] = s;
          }
      else if (from == FROM_Z1 || from == FROM_P1)
        for (size_t j = 0; j < H; j++)
          z1[n * H + j] = in[n * H + j];
      if (from != FROM_Z2)
        for (size_t c = 0; c < C; c++)
          {
            double s = b2[c];
            for (size_t j = 0; j < H; j++)
              {
                double z = z1[n * H + j];
                double p = from == FROM_P1 ? z : (z > 0 ? z : 0);
                s += p * W2[j * C + c];
              }
            z2[n * C + c] = s;
          }
      else
        for (size_t c = 0; c < C; c++)
          z2[n * C + c] = in[n * C + c];

      double m = z2[n * C], e = 0.0;
      for (size_t c = 1; c < C; c++)
        if (z2[n * C + c] > m)
          m = z2[n * C + c];
      for (size_t c = 0; c < C; c++)
        e += exp (z2[n * C + c] - m);
      loss += m + log (e) - z2[n * C + y[n]];
    }
  for (size_t i = 0; i < D * H; i++)
    sq += W1[i] * W1[i];
  for (size_t i = 0; i < H * C; i++)
    sq += W2[i] * W2[i];
  free (z1);
  free (z2);
  return loss / (double) N + reg * sq;
}

void
naive_gradient (const bp_net *net, enum naive_from from, double *in,
                size_t N, const size_t *y, double reg, double *x, size_t n,
                double h, double *out)
{
  for (size_t i = 0; i < n; i++)
    {
      double keep = x[i], fp, fm;
      x[i] = keep + h;
      fp = naive_loss (net, from, in, N, y, reg);
      x[i] = keep - h;
      fm = naive_loss (net, from, in, N, y, reg);
      x[i] = keep;
      out[i] = (fp - fm) / (2.0 * h);
    }
}
