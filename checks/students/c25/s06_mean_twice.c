/*
 * backward.c
 * Two layer fully connected net -- backprop by hand.
 *
 * Author: M. Lindqvist    (lab group 4)
 *
 * Plain loops everywhere, I had trouble getting the dgemm transposes right.
 */

#include <backprop/net.h>
#include <backprop/grads.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* gradient of the mean softmax loss wrt the scores */
static void
softmax_loss_backward (const gsl_matrix *probs, const size_t *y,
                       gsl_matrix *dscores)
{
  const size_t N = probs->size1, C = probs->size2;
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < C; c++)
      {
        double t = (c == y[i]) ? 1.0 : 0.0;
        gsl_matrix_set (dscores, i, c, (gsl_matrix_get (probs, i, c) - t) / N);
      }
}

/* dw = x^T dout */
static void
affine_backward_w (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dw)
{
  for (size_t a = 0; a < x->size2; a++)
    for (size_t b = 0; b < dout->size2; b++)
      {
        double acc = 0.0;
        for (size_t n = 0; n < x->size1; n++)
          acc += gsl_matrix_get (x, n, a) * gsl_matrix_get (dout, n, b);
        gsl_matrix_set (dw, a, b, acc);
      }
}

/* db = sum of dout over the samples */
static void
affine_backward_b (const gsl_matrix *dout, gsl_vector *db)
{
  for (size_t b = 0; b < dout->size2; b++)
    {
      double acc = 0.0;
      for (size_t n = 0; n < dout->size1; n++)
        acc += gsl_matrix_get (dout, n, b);
      gsl_vector_set (db, b, acc);
    }
}

/* dx = dout w^T */
static void
affine_backward_x (const gsl_matrix *dout, const gsl_matrix *w, gsl_matrix *dx)
{
  for (size_t n = 0; n < dout->size1; n++)
    for (size_t a = 0; a < w->size1; a++)
      {
        double acc = 0.0;
        for (size_t b = 0; b < dout->size2; b++)
          acc += gsl_matrix_get (dout, n, b) * gsl_matrix_get (w, a, b);
        gsl_matrix_set (dx, n, a, acc);
      }
}

static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
  for (size_t n = 0; n < x->size1; n++)
    for (size_t a = 0; a < x->size2; a++)
      gsl_matrix_set (dx, n, a, gsl_matrix_get (x, n, a) > 0
                      ? gsl_matrix_get (dout, n, a) : 0.0);
}

static void
add_l2_grad (const gsl_matrix *w, double reg, gsl_matrix *dw)
{
  for (size_t a = 0; a < w->size1; a++)
    for (size_t b = 0; b < w->size2; b++)
      gsl_matrix_set (dw, a, b,
                      gsl_matrix_get (dw, a, b) + 2 * reg * gsl_matrix_get (w, a, b));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 */
  softmax_loss_backward (cache->prob, y, g->dz2);
  /* loss is averaged over the batch so the gradient is too */
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* 2./3. dW2, db2 */
  affine_backward_w (g->dz2, cache->p1, g->dW2);
  add_l2_grad (net->W2, reg, g->dW2);
  affine_backward_b (g->dz2, g->db2);

  /* 4. dp1 */
  affine_backward_x (g->dz2, net->W2, g->dp1);

  /* 5. dz1 */
  relu_backward (g->dp1, cache->z1, g->dz1);

  /* 6./7. dW1, db1 */
  affine_backward_w (g->dz1, X, g->dW1);
  add_l2_grad (net->W1, reg, g->dW1);
  affine_backward_b (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
