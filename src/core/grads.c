/* grads.c -- the seven-gradient record: names, storage, the graph. */

#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>

#include "backprop/grads.h"
#include "layout.h"

static const char *const grad_names[BP_NGRADS] = {
  "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1"
};

const char *
bp_grad_name (enum bp_grad_id id)
{
  return (unsigned) id < BP_NGRADS ? grad_names[id] : NULL;
}

int
bp_grad_lookup (const char *s)
{
  for (int id = 0; id < BP_NGRADS; id++)
    if (strcmp (s, grad_names[id]) == 0 || strcmp (s, grad_names[id] + 1) == 0)
      return id;
  return -1;
}

bp_grads *
bp_grads_alloc (size_t N, size_t D, size_t H, size_t C)
{
  size_t n = bp_net_size (D, H, C);
  bp_grads *g;

  if (n == 0 || N == 0 || H > SIZE_MAX / sizeof (double) / N
      || C > SIZE_MAX / sizeof (double) / N)
    GSL_ERROR_NULL ("gradient sizes must be positive and not overflow",
                    GSL_EINVAL);
  g = calloc (1, sizeof *g);
  if (g == NULL)
    GSL_ERROR_NULL ("cannot allocate gradients", GSL_ENOMEM);
  g->N = N;
  g->D = D;
  g->H = H;
  g->C = C;
  g->dtheta = gsl_vector_calloc (n);
  g->dz2 = g->dtheta ? gsl_matrix_calloc (N, C) : NULL;
  g->dp1 = g->dz2 ? gsl_matrix_calloc (N, H) : NULL;
  g->dz1 = g->dp1 ? gsl_matrix_calloc (N, H) : NULL;
  if (g->dz1 == NULL)
    {
      bp_grads_free (g);
      GSL_ERROR_NULL ("cannot allocate gradients", GSL_ENOMEM);
    }
  bp_layout_views (g->dtheta, D, H, C, &g->dW1_view, &g->db1_view,
                   &g->dW2_view, &g->db2_view);
  g->dW1 = &g->dW1_view.matrix;
  g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix;
  g->db2 = &g->db2_view.vector;
  g->present = BP_GRADS_ALL;
  return g;
}

void
bp_grads_free (bp_grads *g)
{
  if (g == NULL)
    return;
  gsl_vector_free (g->dtheta);
  gsl_matrix_free (g->dz2);
  gsl_matrix_free (g->dp1);
  gsl_matrix_free (g->dz1);
  free (g);
}

static gsl_matrix_view
vector_as_row (gsl_vector *v)
{
  return gsl_matrix_view_vector (v, 1, v->size);
}

gsl_matrix_view
bp_grads_matrix (bp_grads *g, enum bp_grad_id id)
{
  switch (id)
    {
    case BP_DZ2: return gsl_matrix_submatrix (g->dz2, 0, 0, g->N, g->C);
    case BP_DW2: return gsl_matrix_submatrix (g->dW2, 0, 0, g->H, g->C);
    case BP_DB2: return vector_as_row (g->db2);
    case BP_DP1: return gsl_matrix_submatrix (g->dp1, 0, 0, g->N, g->H);
    case BP_DZ1: return gsl_matrix_submatrix (g->dz1, 0, 0, g->N, g->H);
    case BP_DW1: return gsl_matrix_submatrix (g->dW1, 0, 0, g->D, g->H);
    default:     return vector_as_row (g->db1);
    }
}

int
bp_grad_upstream (enum bp_grad_id id)
{
  static const int up[BP_NGRADS] = {
    -1, BP_DZ2, BP_DZ2, BP_DZ2, BP_DP1, BP_DZ1, BP_DZ1
  };
  return (unsigned) id < BP_NGRADS ? up[id] : -1;
}
