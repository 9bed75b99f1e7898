/*
 * backward.c  --  Ji-ho Park, problem set 2
 *
 * Idea: everything in the backward pass is linear in dz2, so I work with
 * the *unnormalised* dz2 = prob - onehot(y) all the way down and divide
 * all seven gradients by N once at the very end.  The L2 term does not
 * get divided, so it goes in after the scaling.
 *
 * TODO: ask TA if it is ok that dz2 is "wrong" in the middle of backward()
 *       (it is right when the function returns).
 */

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void compute_dz2 (gsl_matrix *dz2, const gsl_matrix *prob, const size_t *y);
static void compute_dW2 (gsl_matrix *dW2, const gsl_matrix *p1, const gsl_matrix *dz2);
static void compute_db2 (gsl_vector *db2, const gsl_matrix *dz2);
static void compute_dp1 (gsl_matrix *dp1, const gsl_matrix *dz2, const gsl_matrix *W2);
static void compute_dz1 (gsl_matrix *dz1, const gsl_matrix *dp1, const gsl_matrix *z1);
static void compute_dW1 (gsl_matrix *dW1, const gsl_matrix *X, const gsl_matrix *dz1);
static void compute_db1 (gsl_vector *db1, const gsl_matrix *dz1);
static void scale_all (bp_grads *g, double s);
static void add_penalty (gsl_matrix *dW, const gsl_matrix *W, double reg);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n = X->size1;

  compute_dz2 (g->dz2, cache->prob, y);        /* not yet / n */
  compute_dW2 (g->dW2, cache->p1, g->dz2);
  compute_db2 (g->db2, g->dz2);
  compute_dp1 (g->dp1, g->dz2, net->W2);
  compute_dz1 (g->dz1, g->dp1, cache->z1);
  compute_dW1 (g->dW1, X, g->dz1);
  compute_db1 (g->db1, g->dz1);

  scale_all (g, 1.0 / (double) n);             /* now everything is / n */

  add_penalty (g->dW2, net->W2, reg);
  add_penalty (g->dW1, net->W1, reg);

  g->present = BP_GRADS_ALL;
  return 0;
}

static void
compute_dz2 (gsl_matrix *dz2, const gsl_matrix *prob, const size_t *y)
{
  gsl_matrix_memcpy (dz2, prob);
  for (size_t i = 0; i < dz2->size1; i++)
    *gsl_matrix_ptr (dz2, i, y[i]) -= 1.0;
}

static void
compute_dW2 (gsl_matrix *dW2, const gsl_matrix *p1, const gsl_matrix *dz2)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, p1, dz2, 0.0, dW2);
}

static void
compute_db2 (gsl_vector *db2, const gsl_matrix *dz2)
{
  gsl_vector_set_zero (db2);
  for (size_t i = 0; i < dz2->size1; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (dz2, i);
      gsl_vector_add (db2, &row.vector);
    }
}

static void
compute_dp1 (gsl_matrix *dp1, const gsl_matrix *dz2, const gsl_matrix *W2)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, dp1);
}

static void
compute_dz1 (gsl_matrix *dz1, const gsl_matrix *dp1, const gsl_matrix *z1)
{
  for (size_t i = 0; i < dz1->size1; i++)
    for (size_t j = 0; j < dz1->size2; j++)
      gsl_matrix_set (dz1, i, j,
                      gsl_matrix_get (z1, i, j) > 0.0 ? gsl_matrix_get (dp1, i, j) : 0.0);
}

static void
compute_dW1 (gsl_matrix *dW1, const gsl_matrix *X, const gsl_matrix *dz1)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dz1, 0.0, dW1);
}

static void
compute_db1 (gsl_vector *db1, const gsl_matrix *dz1)
{
  gsl_vector_set_zero (db1);
  for (size_t i = 0; i < dz1->size1; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (dz1, i);
      gsl_vector_add (db1, &row.vector);
    }
}

/* divide the data part of all seven by n */
static void
scale_all (bp_grads *g, double s)
{
  gsl_matrix_scale (g->dz2, s);
  gsl_matrix_scale (g->dW2, s);
  gsl_vector_scale (g->db2, s);
  gsl_matrix_scale (g->dp1, s);
  gsl_matrix_scale (g->dz1, s);
  gsl_matrix_scale (g->dW1, s);
  gsl_vector_scale (g->db1, s);
}

/* d/dW of reg*|W|^2 */
static void
add_penalty (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      *gsl_matrix_ptr (dW, i, j) += 2.0 * reg * gsl_matrix_get (W, i, j);
}
