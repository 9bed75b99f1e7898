/* probe/dump.c -- a correct backward pass that also writes down the
 * problem it was called with, so that label can measure the students on
 * exactly the net and batch that a caller (gradcheck) uses:
 *
 *   PROBE_OUT=/tmp/gc gradcheck --backward OUT/probe/dump.so --net 5,10,3 --batch 7
 *   OUT/label -p /tmp/gc.PID.0 labels.tsv OUT
 *
 * Each call writes PROBE_OUT.PID.CALL: "N D H C reg", theta, X, y, and a
 * comment line saying whether the gradient buffers held anything. */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static int calls;

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j, k;
  const char *out = getenv ("PROBE_OUT");
  double gsum = 0;

  if (out)
    {
      char path[4096];
      FILE *f;
      snprintf (path, sizeof path, "%s.%d.%d", out, (int) getpid (), calls++);
      f = fopen (path, "w");
      if (f)
        {
          for (i = 0; i < g->dtheta->size; i++)
            gsum += fabs (g->dtheta->data[i]);
          for (i = 0; i < N * C; i++)
            gsum += fabs (g->dz2->data[i]);
          fprintf (f, "%zu %zu %zu %zu %.17g\n", N, D, H, C, reg);
          for (i = 0; i < net->theta->size; i++)
            fprintf (f, "%.17g ", net->theta->data[i]);
          fprintf (f, "\n");
          for (i = 0; i < N * D; i++)
            fprintf (f, "%.17g ", X->data[i]);
          fprintf (f, "\n");
          for (i = 0; i < N; i++)
            fprintf (f, "%zu ", y[i]);
          fprintf (f, "\n# sum|g| before the call %g, present before %#x\n",
                   gsum, g->present);
          fclose (f);
        }
    }

  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dz2, i, k,
                      (gsl_matrix_get (cache->prob, i, k) - (k == y[i])) / N);
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 2 * reg * gsl_matrix_get (net->W2, j, k);
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s);
      }
  for (k = 0; k < C; k++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? s : 0);
      }
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        double s = 2 * reg * gsl_matrix_get (net->W1, i, j);
        for (k = 0; k < N; k++)
          s += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
        gsl_matrix_set (g->dW1, i, j, s);
      }
  for (j = 0; j < H; j++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }
  g->present = BP_GRADS_ALL;
  return 0;
}
