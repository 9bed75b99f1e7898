/* backward.c - backward pass with one helper per step, called per layer.
 * Should work for any number of layers if the tables below are extended.
 * (ReLU mask taken from the layer's output: relu(z) > 0 exactly when z > 0.) */

#include <gsl/gsl_blas.h>
#include "backprop.h"

enum { NLAYERS = 2 };

typedef struct {
  const gsl_matrix *W[NLAYERS];
  const gsl_matrix *A[NLAYERS + 1];   /* A[0] = X, A[l+1] = output of layer l */
  gsl_matrix *dZ[NLAYERS];
  gsl_matrix *dW[NLAYERS];
  gsl_vector *db[NLAYERS];
} tables;

/* dW[l] = A[l]' dZ[l] + 2 reg W[l] */
static void
weight_grad (tables *t, int l, double reg)
{
  gsl_matrix_memcpy (t->dW[l], t->W[l]);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, t->A[l], t->dZ[l],
                  2.0 * reg, t->dW[l]);
}

/* db[l] = 1' dZ[l] */
static void
bias_grad (tables *t, int l)
{
  gsl_vector *ones = gsl_vector_alloc (t->dZ[l]->size1);
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, t->dZ[l], ones, 0.0, t->db[l]);
  gsl_vector_free (ones);
}

/* dA = dZ[l] W[l]'  (gradient w.r.t. the input of layer l) */
static void
input_grad (tables *t, int l, gsl_matrix *dA)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, t->dZ[l], t->W[l], 0.0, dA);
}

/* dZ[l] = dA .* relu'(.) using the activation A[l+1] */
static void
relu_grad (tables *t, int l, const gsl_matrix *dA)
{
  size_t i, j;
  for (i = 0; i < dA->size1; i++)
    for (j = 0; j < dA->size2; j++)
      gsl_matrix_set (t->dZ[l], i, j,
                      gsl_matrix_get (t->A[l + 1], i, j) > 0.0
                      ? gsl_matrix_get (dA, i, j) : 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  tables t = {
    { net->W1, net->W2 },
    { X, cache->p1, cache->prob },
    { g->dz1, g->dz2 },
    { g->dW1, g->dW2 },
    { g->db1, g->db2 },
  };
  size_t N = X->size1, i;
  int l;

  gsl_matrix_memcpy (t.dZ[NLAYERS - 1], t.A[NLAYERS]);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (t.dZ[NLAYERS - 1], i, y[i]) -= 1.0;
  gsl_matrix_scale (t.dZ[NLAYERS - 1], 1.0 / N);

  for (l = NLAYERS - 1; l >= 0; l--)
    {
      weight_grad (&t, l, reg);
      bias_grad (&t, l);
      if (l > 0)
        {
          gsl_matrix *dA = gsl_matrix_alloc (N, t.W[l]->size1);
          input_grad (&t, l, dA);
          if (l == 1)
            gsl_matrix_memcpy (g->dp1, dA);
          relu_grad (&t, l - 1, dA);
          gsl_matrix_free (dA);
        }
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
