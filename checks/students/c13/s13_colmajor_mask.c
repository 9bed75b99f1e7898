/* backward.c  --  homework 4, backprop of the 2-layer network
 *
 * I keep my own arrays in COLUMN-MAJOR order like MATLAB/Fortran
 * (element (i,j) of an r-by-c array is a[(i-1) + (j-1)*r], 1-based i,j),
 * because that is how I think about memory since the numerical methods
 * class.  GSL is only used to read the inputs and write the outputs.
 *
 *   dz2 = (prob - Y)/N;      dW2 = p1'*dz2 + 2*reg*W2;   db2 = sum(dz2)';
 *   dp1 = dz2*W2';           M   = z1 > 0;              dz1 = dp1.*M;
 *   dW1 = X'*dz1 + 2*reg*W1;                            db1 = sum(dz1)';
 */

#include <stdlib.h>
#include <gsl/gsl_matrix.h>
#include "backprop.h"

#define CM(a, i, j, r) ((a)[((i) - 1) + ((j) - 1) * (r)])

/* copy a GSL matrix into a fresh column-major array */
static double *
to_cm (const gsl_matrix *A)
{
  size_t r = A->size1, c = A->size2;
  double *a = malloc (r * c * sizeof *a);
  for (size_t j = 1; j <= c; j++)
    for (size_t i = 1; i <= r; i++)
      CM (a, i, j, r) = gsl_matrix_get (A, i - 1, j - 1);
  return a;
}

/* and back */
static void
from_cm (const double *a, gsl_matrix *A)
{
  size_t r = A->size1, c = A->size2;
  for (size_t j = 1; j <= c; j++)
    for (size_t i = 1; i <= r; i++)
      gsl_matrix_set (A, i - 1, j - 1, CM (a, i, j, r));
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || D != X->size2 || g->N != N)
    return 1;

  double *x   = to_cm (X);
  double *p1  = to_cm (cache->p1);
  double *z1  = to_cm (cache->z1);
  double *W1  = to_cm (net->W1);
  double *W2  = to_cm (net->W2);
  double *dz2 = to_cm (cache->prob);     /* starts as prob */
  double *dp1 = calloc (N * H, sizeof (double));
  double *dz1 = calloc (N * H, sizeof (double));
  double *M   = calloc (N * H, sizeof (double));
  double *dW1 = calloc (D * H, sizeof (double));
  double *dW2 = calloc (H * C, sizeof (double));

  /* dz2 = (prob - Y)/N */
  for (i = 1; i <= N; i++)
    CM (dz2, i, y[i - 1] + 1, N) -= 1.0;
  for (k = 0; k < N * C; k++)
    dz2[k] /= (double) N;

  /* dW2 = p1'*dz2 + 2*reg*W2 */
  for (j = 1; j <= C; j++)
    for (i = 1; i <= H; i++)
      {
        double s = 0;
        for (k = 1; k <= N; k++)
          s += CM (p1, k, i, N) * CM (dz2, k, j, N);
        CM (dW2, i, j, H) = s + 2 * reg * CM (W2, i, j, H);
      }

  /* db2 = sum(dz2)' */
  for (j = 1; j <= C; j++)
    {
      double s = 0;
      for (i = 1; i <= N; i++)
        s += CM (dz2, i, j, N);
      gsl_vector_set (g->db2, j - 1, s);
    }

  /* dp1 = dz2*W2' */
  for (j = 1; j <= H; j++)
    for (i = 1; i <= N; i++)
      {
        double s = 0;
        for (k = 1; k <= C; k++)
          s += CM (dz2, i, k, N) * CM (W2, j, k, H);
        CM (dp1, i, j, N) = s;
      }

  /* M = z1 > 0;  dz1 = dp1.*M */
  for (k = 0; k < N * H; k++)
    M[k] = z1[k] < 0 ? 1.0 : 0.0;
  for (k = 0; k < N * H; k++)
    dz1[k] = dp1[k] * M[k];

  /* dW1 = X'*dz1 + 2*reg*W1 */
  for (j = 1; j <= H; j++)
    for (i = 1; i <= D; i++)
      {
        double s = 0;
        for (k = 1; k <= N; k++)
          s += CM (x, k, i, N) * CM (dz1, k, j, N);
        CM (dW1, i, j, D) = s + 2 * reg * CM (W1, i, j, D);
      }

  /* db1 = sum(dz1)' */
  for (j = 1; j <= H; j++)
    {
      double s = 0;
      for (i = 1; i <= N; i++)
        s += CM (dz1, i, j, N);
      gsl_vector_set (g->db1, j - 1, s);
    }

  from_cm (dz2, g->dz2);
  from_cm (dW2, g->dW2);
  from_cm (dp1, g->dp1);
  from_cm (dz1, g->dz1);
  from_cm (dW1, g->dW1);

  free (x); free (p1); free (z1); free (W1); free (W2);
  free (dz2); free (dp1); free (dz1); free (M); free (dW1); free (dW2);

  g->present = BP_GRADS_ALL;
  return 0;
}
