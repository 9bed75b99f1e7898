/* backward.c -- backward pass, 2-layer MLP (softmax CE + L2)
 *
 * Layer by layer from the loss down, with the saved tensors of each
 * layer in a struct, like ctx.saved_tensors.  Shapes:
 *   X (N,D)  W1 (D,H)  z1,p1 (N,H)  W2 (H,C)  z2,prob (N,C)
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_statistics_double.h>
#include <backprop/net.h>
#include <backprop/grads.h>

typedef struct {
  const gsl_matrix *prob;
  const size_t *y;
  const gsl_matrix *p1;
  const gsl_matrix *W2;
  const gsl_matrix *z1;
  const gsl_matrix *X;
  const gsl_matrix *W1;
} saved_t;

/* dL/dz2 */
static void
head_backward (const saved_t *s, gsl_matrix *dz2)
{
  size_t n, k, N = dz2->size1;
  for (n = 0; n < N; n++)
    for (k = 0; k < dz2->size2; k++)
      {
        double onehot = (s->y[n] == k) ? 1.0 : 0.0;
        gsl_matrix_set (dz2, n, k, (gsl_matrix_get (s->prob, n, k) - onehot) / N);
      }
}

/* fc2: dW2, db2 and dp1 from dz2 */
static void
fc2_backward (const saved_t *s, const gsl_matrix *dz2, double reg,
              gsl_matrix *dW2, gsl_vector *db2, gsl_matrix *dp1)
{
  size_t n, k;

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, s->p1, dz2, 0.0, dW2);
  for (n = 0; n < dW2->size1; n++)
    for (k = 0; k < dW2->size2; k++)
      *gsl_matrix_ptr (dW2, n, k) += 2.0 * reg * gsl_matrix_get (s->W2, n, k);

  for (k = 0; k < dz2->size2; k++)
    {
      double acc = 0.0;
      for (n = 0; n < dz2->size1; n++)
        acc += gsl_matrix_get (dz2, n, k);
      gsl_vector_set (db2, k, acc);
    }

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dz2, s->W2, 0.0, dp1);
}

static void
relu_backward (const saved_t *s, const gsl_matrix *dp1, gsl_matrix *dz1)
{
  size_t i, j;
  for (i = 0; i < dz1->size1; i++)
    for (j = 0; j < dz1->size2; j++)
      gsl_matrix_set (dz1, i, j, gsl_matrix_get (s->z1, i, j) > 0.0
                      ? gsl_matrix_get (dp1, i, j) : 0.0);
}

/* fc1: dW1, db1 from dz1 (no dX) */
static void
fc1_backward (const saved_t *s, const gsl_matrix *dz1, double reg,
              gsl_matrix *dW1, gsl_vector *db1)
{
  size_t j;

  gsl_matrix_memcpy (dW1, s->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, s->X, dz1, 2.0 * reg, dW1);

  /* column reduction; found gsl_stats in the docs, neater than the loop
   * TODO use it for db2 too */
  for (j = 0; j < dz1->size2; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (dz1, j);
      gsl_vector_set (db1, j, gsl_stats_mean (col.vector.data,
                                              col.vector.stride,
                                              col.vector.size));
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  saved_t s;

  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  s.prob = cache->prob; s.y = y;
  s.p1 = cache->p1;     s.W2 = net->W2;
  s.z1 = cache->z1;
  s.X = X;              s.W1 = net->W1;

  head_backward (&s, g->dz2);
  fc2_backward (&s, g->dz2, reg, g->dW2, g->db2, g->dp1);
  relu_backward (&s, g->dp1, g->dz1);
  fc1_backward (&s, g->dz1, reg, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
