/* backward.c -- translated from my Fortran 77 version (bprop.f)
 *
 * K. Brandt, experimental particle physics.
 *
 * To keep the translation line by line I allocate one extra row and
 * column and use indices 1..N, 1..H, 1..C as in the Fortran.  Index 0 is
 * never used.  Labels y are 0-based in this library, so the class of
 * sample i is y[i-1] + 1.
 */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define IX(i,j,ncol) ((i)*((ncol)+1) + (j))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  int N = (int) X->size1, ND = (int) net->D, NH = (int) net->H, NC = (int) net->C;
  int i, j, k, l;
  double *GZ2, *GP1, *GZ1, S, RN;

  GZ2 = malloc ((N + 1) * (NC + 1) * sizeof (double));
  GP1 = malloc ((N + 1) * (NH + 1) * sizeof (double));
  GZ1 = malloc ((N + 1) * (NH + 1) * sizeof (double));
  if (!GZ2 || !GP1 || !GZ1) { free (GZ2); free (GP1); free (GZ1); return 1; }

  RN = 1.0 / (double) N;

C_10:  /* output scores */
  for (i = 1; i <= N; i++)
    for (k = 1; k <= NC; k++) {
      S = gsl_matrix_get (cache->prob, i - 1, k - 1);
      if (k == (int) y[i - 1] + 1) S = S - 1.0;
      GZ2[IX(i, k, NC)] = S * RN;
      gsl_matrix_set (g->dz2, i - 1, k - 1, GZ2[IX(i, k, NC)]);
    }

C_20:  /* second layer weights and bias */
  for (j = 1; j <= NH; j++)
    for (k = 1; k <= NC; k++) {
      S = 0.0;
      for (i = 1; i <= N; i++) S = S + gsl_matrix_get (cache->p1, i - 1, j - 1) * GZ2[IX(i, k, NC)];
      gsl_matrix_set (g->dW2, j - 1, k - 1, S + reg * 2.0 * gsl_matrix_get (net->W2, j - 1, k - 1));
    }
  for (k = 1; k <= NC; k++) {
    S = 0.0;
    for (i = 1; i <= N; i++) S = S + GZ2[IX(i, k, NC)];
    gsl_vector_set (g->db2, k - 1, S);
  }

C_30:  /* hidden layer */
  for (i = 1; i <= N; i++)
    for (j = 1; j <= NH; j++) {
      S = 0.0;
      for (k = 1; k <= NC; k++) S = S + GZ2[IX(i, k, NC)] * gsl_matrix_get (net->W2, j - 1, k - 1);
      GP1[IX(i, j, NH)] = S;
      if (gsl_matrix_get (cache->z1, i - 1, j - 1) > 0.0) GZ1[IX(i, j, NH)] = S;
      else GZ1[IX(i, j, NH)] = 0.0;
      gsl_matrix_set (g->dp1, i - 1, j - 1, GP1[IX(i, j, NH)]);
      gsl_matrix_set (g->dz1, i - 1, j - 1, GZ1[IX(i, j, NH)]);
    }

C_40:  /* first layer weights and bias */
  for (l = 1; l <= ND; l++)
    for (j = 1; j <= NH; j++) {
      S = 0.0;
      for (i = 1; i <= N; i++) S = S + gsl_matrix_get (X, i - 1, l - 1) * GZ1[IX(i, j, NH)];
      gsl_matrix_set (g->dW1, l - 1, j - 1, S + reg * 2.0 * gsl_matrix_get (net->W1, l - 1, j - 1));
    }
  for (j = 1; j <= NH; j++) {
    S = 0.0;
    for (i = 1; i <= N; i++) S = S + GZ1[IX(i, j, NH)];
    gsl_vector_set (g->db1, j - 1, S);
  }

  g->present = BP_GRADS_ALL;
  free (GZ2);
  free (GP1);
  free (GZ1);
  return 0;
}
