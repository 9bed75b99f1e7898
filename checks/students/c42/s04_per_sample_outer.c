/* backward.c
 *
 * I did it one example at a time (the vectorized version confused me in
 * numpy too).  For example i:
 *     ds_i = p_i - e_{y_i}                 (C)
 *     dW2 += outer(h_i, ds_i)              (H, C)
 *     db2 += ds_i
 *     dh_i = W2 . ds_i                     (H)
 *     da_i = dh_i * (z1_i > 0)
 *     dW1 += outer(x_i, da_i)              (D, H)
 *     db1 += da_i
 * and at the end everything is divided by N (the loss is a mean), and
 * the regularization 2*reg*W is added to dW1 and dW2.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* np.outer(u, v) */
static gsl_matrix *
outer (const gsl_vector *u, const gsl_vector *v)
{
  gsl_matrix *M = gsl_matrix_alloc (u->size, v->size);
  size_t a, b;
  for (a = 0; a < u->size; a++)
    for (b = 0; b < v->size; b++)
      gsl_matrix_set (M, a, b, gsl_vector_get (u, a) * gsl_vector_get (v, b));
  return M;
}

/* W.dot(v) */
static gsl_vector *
matvec (const gsl_matrix *W, const gsl_vector *v)
{
  gsl_vector *r = gsl_vector_calloc (W->size1);
  size_t a, b;
  for (a = 0; a < W->size1; a++)
    for (b = 0; b < W->size2; b++)
      gsl_vector_set (r, a, gsl_vector_get (r, a)
                      + gsl_matrix_get (W, a, b) * gsl_vector_get (v, b));
  return r;
}

static void
relu_grad (gsl_vector *dh, const gsl_vector *z)
{
  size_t a;
  for (a = 0; a < dh->size; a++)
    if (!(gsl_vector_get (z, a) > 0))
      gsl_vector_set (dh, a, 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix *grads_W1 = gsl_matrix_calloc (net->D, net->H);
  gsl_vector *grads_b1 = gsl_vector_calloc (net->H);
  gsl_matrix *grads_W2 = gsl_matrix_calloc (net->H, net->C);
  gsl_vector *grads_b2 = gsl_vector_calloc (net->C);

  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view x_i = gsl_matrix_const_row (X, i);
      gsl_vector_const_view h_i = gsl_matrix_const_row (cache->p1, i);
      gsl_vector_const_view z_i = gsl_matrix_const_row (cache->z1, i);
      gsl_vector_const_view p_i = gsl_matrix_const_row (cache->prob, i);

      /* ds_i = p_i - e_{y_i} */
      gsl_vector *ds = gsl_vector_alloc (net->C);
      gsl_vector_memcpy (ds, &p_i.vector);
      gsl_vector_set (ds, y[i], gsl_vector_get (ds, y[i]) - 1.0);
      gsl_vector_view dz2_row = gsl_matrix_row (g->dz2, i);
      gsl_vector_memcpy (&dz2_row.vector, ds);

      gsl_matrix *o2 = outer (&h_i.vector, ds);
      gsl_matrix_add (grads_W2, o2);
      gsl_vector_add (grads_b2, ds);

      /* dh_i = W2 . ds_i */
      gsl_vector *dh = matvec (net->W2, ds);
      gsl_vector_view dp1_row = gsl_matrix_row (g->dp1, i);
      gsl_vector_memcpy (&dp1_row.vector, dh);

      relu_grad (dh, &z_i.vector);
      gsl_vector_view dz1_row = gsl_matrix_row (g->dz1, i);
      gsl_vector_memcpy (&dz1_row.vector, dh);

      gsl_matrix *o1 = outer (&x_i.vector, dh);
      gsl_matrix_add (grads_W1, o1);
      gsl_vector_add (grads_b1, dh);

      gsl_vector_free (ds);
      gsl_vector_free (dh);
      gsl_matrix_free (o2);
      gsl_matrix_free (o1);
    }

  /* mean over the batch */
  gsl_matrix_scale (g->dz2, 1.0 / N);
  gsl_matrix_scale (g->dp1, 1.0 / N);
  gsl_matrix_scale (g->dz1, 1.0 / N);
  gsl_matrix_scale (grads_W2, 1.0 / N);
  gsl_vector_scale (grads_b2, 1.0 / N);
  gsl_matrix_scale (grads_W1, 1.0 / N);
  gsl_vector_scale (grads_b1, 1.0 / N);

  /* + d/dW (reg * sum(W*W)) */
  for (size_t a = 0; a < net->H; a++)
    for (size_t b = 0; b < net->C; b++)
      gsl_matrix_set (grads_W2, a, b, gsl_matrix_get (grads_W2, a, b)
                      + 2 * reg * gsl_matrix_get (net->W2, a, b));
  for (size_t a = 0; a < net->D; a++)
    for (size_t b = 0; b < net->H; b++)
      gsl_matrix_set (grads_W1, a, b, gsl_matrix_get (grads_W1, a, b)
                      + 2 * reg * gsl_matrix_get (net->W1, a, b));

  gsl_matrix_memcpy (g->dW1, grads_W1);
  gsl_vector_memcpy (g->db1, grads_b1);
  gsl_matrix_memcpy (g->dW2, grads_W2);
  gsl_vector_memcpy (g->db2, grads_b2);

  gsl_matrix_free (grads_W1);
  gsl_vector_free (grads_b1);
  gsl_matrix_free (grads_W2);
  gsl_vector_free (grads_b2);

  g->present = BP_GRADS_ALL;
  return 0;
}
