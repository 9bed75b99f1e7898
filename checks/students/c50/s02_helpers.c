/* Assignment 4: the backward pass in C.
   Small helpers like the functions of the notebook (matmul, softmax_grad,
   relu_backward, colsum, add_reg) so that backward() reads like the
   python version.  */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = op(A) op(B); op transposes when its flag is 1 */
static void
matmul (const gsl_matrix *A, int ta, const gsl_matrix *B, int tb,
        gsl_matrix *out)
{
  size_t rows = ta ? A->size2 : A->size1;
  size_t inner = ta ? A->size1 : A->size2;
  size_t cols = tb ? B->size1 : B->size2;
  size_t i, j, k;

  for (i = 0; i < rows; i++)
    for (j = 0; j < cols; j++)
      {
        double s = 0;
        for (k = 0; k < inner; k++)
          {
            double a = ta ? gsl_matrix_get (A, k, i) : gsl_matrix_get (A, i, k);
            double b = tb ? gsl_matrix_get (B, j, k) : gsl_matrix_get (B, k, j);
            s += a * b;
          }
        gsl_matrix_set (out, i, j, s);
      }
}

/* dscores = (probs - onehot(y)) / N */
static void
softmax_grad (const gsl_matrix *probs, const size_t *y, gsl_matrix *dscores)
{
  size_t N = probs->size1, i;

  gsl_matrix_memcpy (dscores, probs);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);
  gsl_matrix_scale (dscores, 1.0 / N);
}

/* dx = dout, then zero where the relu was off (z <= 0) */
static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *z, gsl_matrix *dx)
{
  size_t i, j;

  gsl_matrix_memcpy (dx, dout);
  for (i = 0; i < z->size1; i++)
    for (j = 0; j < z->size2; j++)
      if (gsl_matrix_get (z, i, j) <= 0)
        gsl_matrix_set (dx, i, j, 0.0);
}

/* s = sum of the rows of A */
static void
colsum (const gsl_matrix *A, gsl_vector *s)
{
  size_t i;

  gsl_vector_set_zero (s);
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (A, i);
      gsl_vector_add (s, &r.vector);
    }
}

/* dW += 2 reg W  (our loss has no 0.5, so the 2 stays) */
static void
add_reg (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t i, j;

  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      gsl_matrix_set (dW, i, j, gsl_matrix_get (dW, i, j)
                      + 2.0 * reg * gsl_matrix_get (W, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  softmax_grad (cache->prob, y, g->dz2);

  matmul (cache->p1, 1, g->dz2, 0, g->dW2);      /* p1^T dz2 */
  add_reg (g->dW2, net->W2, reg);
  colsum (g->dz2, g->db2);

  matmul (g->dz2, 0, net->W2, 1, g->dp1);        /* dz2 W2^T */
  relu_backward (g->dp1, cache->z1, g->dz1);

  matmul (X, 1, g->dz1, 0, g->dW1);              /* X^T dz1 */
  add_reg (g->dW1, net->W1, reg);
  colsum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
