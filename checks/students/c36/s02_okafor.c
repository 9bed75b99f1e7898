/*
 * Summer school "Deep learning for the sciences" -- homework 2
 * Backward pass of the 2-layer net.
 *
 * C. Okafor (computational biology).  I learned Fortran before C, so all
 * my work arrays are COLUMN major, A(i,j) = a[i + j*nrows], with the
 * macros below.  GSL is only used to read the inputs and write g.
 */
#include <stdio.h>
#include <stdlib.h>
#include <backprop/net.h>
#include <backprop/grads.h>

#define DZ2(i,j) dz2[(i) + (j)*N]
#define DP1(i,j) dp1[(i) + (j)*N]
#define DZ1(i,j) dz1[(i) + (j)*N]

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N, D, H, C, i, j, k;
  double *dz2 = 0, *dp1 = 0, *dz1 = 0;
  double acc;
  int ierr = 0;

  N = X->size1; D = X->size2; H = net->H; C = net->C;

  dz2 = (double *) malloc (N * C * sizeof (double));
  dp1 = (double *) malloc (N * H * sizeof (double));
  dz1 = (double *) malloc (N * H * sizeof (double));
  if (!dz2 || !dp1 || !dz1) {
    fprintf (stderr, "backward: out of memory\n");
    ierr = 1;
    goto cleanup;
  }

  /* (1) dL/dz2 = (P - Y)/N */
  for (j = 0; j < C; j++)
    for (i = 0; i < N; i++)
      DZ2(i,j) = gsl_matrix_get (cache->prob, i, j) / (double) N;
  for (i = 0; i < N; i++)
    DZ2(i, y[i]) -= 1.0 / (double) N;

  /* (2) dW2 = p1^T dz2 + 2 reg W2 */
  for (j = 0; j < C; j++)
    for (k = 0; k < H; k++) {
      acc = 2.0 * reg * gsl_matrix_get (net->W2, k, j);
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (cache->p1, i, k) * DZ2(i,j);
      gsl_matrix_set (g->dW2, k, j, acc);
    }

  /* (3) db2 = sum over samples */
  for (j = 0; j < C; j++) {
    acc = 0.0;
    for (i = 0; i < N; i++) acc += DZ2(i,j);
    gsl_vector_set (g->db2, j, acc);
  }

  /* (4) dp1 = dz2 W2^T */
  for (k = 0; k < H; k++)
    for (i = 0; i < N; i++) {
      acc = 0.0;
      for (j = 0; j < C; j++) acc += DZ2(i,j) * gsl_matrix_get (net->W2, k, j);
      DP1(i,k) = acc;
    }

  /* (5) relu: the unit was "on" iff its output p1 is positive */
  for (k = 0; k < H; k++)
    for (i = 0; i < N; i++)
      DZ1(i,k) = (gsl_matrix_get (cache->p1, i, k) > 0.0) ? DP1(i,k) : 0.0;

  /* (6) dW1 = X^T dz1 + 2 reg W1 */
  for (k = 0; k < H; k++)
    for (j = 0; j < D; j++) {
      acc = 0.0;
      for (i = 0; i < N; i++) acc += gsl_matrix_get (X, i, j) * DZ1(i,k);
      gsl_matrix_set (g->dW1, j, k, acc + 2.0 * reg * gsl_matrix_get (net->W1, j, k));
    }

  /* (7) db1 */
  for (k = 0; k < H; k++) {
    acc = 0.0;
    for (i = 0; i < N; i++) acc += DZ1(i,k);
    gsl_vector_set (g->db1, k, acc);
  }

  /* copy the work arrays out */
  for (i = 0; i < N; i++) {
    for (j = 0; j < C; j++) gsl_matrix_set (g->dz2, i, j, DZ2(i,j));
    for (k = 0; k < H; k++) {
      gsl_matrix_set (g->dp1, i, k, DP1(i,k));
      gsl_matrix_set (g->dz1, i, k, DZ1(i,k));
    }
  }
  g->present = BP_GRADS_ALL;

cleanup:
  if (dz2) free (dz2);
  if (dp1) free (dp1);
  if (dz1) free (dz1);
  return ierr;
}
