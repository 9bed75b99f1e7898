/* Two-layer net, backward pass.
 *
 * Workspace: ONE calloc'd block, carved into views (ws_dz2, ws_dh) and
 * released at the end of the call.  The weight gradients are accumulated
 * sample by sample as outer products, like in lecture 6.
 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

typedef struct
{
  double *block;
  gsl_matrix_view dz2;   /* N x C */
  gsl_matrix_view dh;    /* N x H */
} workspace;

static workspace *ws;

static workspace *
ws_open (size_t N, size_t H, size_t C)
{
  workspace *w = calloc (1, sizeof *w);
  if (w == NULL)
    return NULL;
  w->block = calloc (N * C + N * H, sizeof (double));
  if (w->block == NULL)
    {
      free (w);
      return NULL;
    }
  w->dz2 = gsl_matrix_view_array (w->block, N, C);
  w->dh = gsl_matrix_view_array (w->block + N * C, N, H);
  return w;
}

static void
ws_close (void)
{
  if (ws)
    free (ws->block);
  free (ws);
  ws = NULL;
}

/* dW += x_i' d_i, db += d_i, for every sample i */
static void
accumulate (const gsl_matrix *in, const gsl_matrix *d, gsl_matrix *dW,
            gsl_vector *db)
{
  size_t i;
  for (i = 0; i < in->size1; i++)
    {
      gsl_vector_const_view a = gsl_matrix_const_row (in, i);
      gsl_vector_const_view b = gsl_matrix_const_row (d, i);
      gsl_blas_dger (1.0, &a.vector, &b.vector, dW);
      gsl_vector_add (db, &b.vector);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;
  gsl_matrix *dz2, *dh;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  if (ws == NULL && (ws = ws_open (N, net->H, net->C)) == NULL)
    return 1;
  dz2 = &ws->dz2.matrix;
  dh = &ws->dh.matrix;

  /* stage 1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      gsl_matrix_set (dz2, i, j, (gsl_matrix_get (cache->prob, i, j)
                                  - (j == y[i] ? 1.0 : 0.0)) / N);
  gsl_matrix_memcpy (g->dz2, dz2);

  /* stage 2: reg term first, then the data part on top */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_vector_set_zero (g->db2);
  accumulate (cache->p1, dz2, g->dW2, g->db2);

  /* stage 3 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dz2, net->W2, 0.0, dh);
  gsl_matrix_memcpy (g->dp1, dh);

  /* stage 4: the relu passes the gradient where it was on */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        double z = gsl_matrix_get (cache->z1, i, j);
        gsl_matrix_set (dh, i, j, z > 0 ? gsl_matrix_get (dh, i, j) : 0.0);
      }
  gsl_matrix_memcpy (g->dz1, dh);

  /* stage 5 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_vector_set_zero (g->db1);
  accumulate (X, dh, g->dW1, g->db1);

  ws_close ();
  g->present = BP_GRADS_ALL;
  return 0;
}
