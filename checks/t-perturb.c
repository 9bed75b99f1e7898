/* t-perturb.c -- the incremental loss change of perturb.c against the
 * whole loss recomputed from scratch by naive.c, entry by entry, and the
 * local objectives against their closed forms. */

#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>

#include "backprop.h"
#include "naive.h"
#include "tap.h"

/* The array behind gradient id, and where the naive loss starts. */
static double *
tensor (bp_problem *t, double *z1, double *p1, double *z2, enum bp_grad_id id,
        enum naive_from *from, double **in)
{
  *from = FROM_X;
  *in = t->X->data;
  switch (id)
    {
    case BP_DZ2: *from = FROM_Z2; *in = z2; return z2;
    case BP_DP1: *from = FROM_P1; *in = p1; return p1;
    case BP_DZ1: *from = FROM_Z1; *in = z1; return z1;
    case BP_DW2: return t->net->W2->data;
    case BP_DB2: return t->net->b2->data;
    case BP_DW1: return t->net->W1->data;
    default:     return t->net->b1->data;
    }
}

int
main (void)
{
  const size_t N = 6, D = 5, H = 7, C = 4;
  bp_problem *t = bp_problem_random (N, D, H, C, 2385, 0.3);
  bp_cache *c = bp_cache_alloc (N, H, C);
  bp_grads *g = bp_grads_alloc (N, D, H, C);
  bp_perturb *p;
  double z1[6 * 7], p1[6 * 7], z2[6 * 4], base;
  const double steps[] = { 1e-5, -3e-4, 0.0385 };

  tap_gsl_handler_install ();
  plan (2 * BP_NGRADS + 1);
  bp_net_forward (t->net, t->X, c);
  bp_net_backward (t->net, t->X, t->y, t->reg, c, g);
  memcpy (z1, c->z1->data, sizeof z1);
  memcpy (p1, c->p1->data, sizeof p1);
  memcpy (z2, c->z2->data, sizeof z2);
  base = bp_net_loss (t->net, c, t->y, t->reg);
  p = bp_perturb_alloc (t->net, t->X, t->y, t->reg, c, g);
  is_double (naive_loss (t->net, FROM_X, t->X->data, N, t->y, t->reg), base,
             1e-12, "the naive loss and the library's agree at the base");

  for (int id = 0; id < BP_NGRADS; id++)
    {
      size_t rows, cols;
      double worst = 0.0, worst_local = 0.0;
      enum naive_from from;
      double *in, *x = tensor (t, z1, p1, z2, id, &from, &in);
      gsl_matrix_view gv = bp_grads_matrix (g, id);

      bp_perturb_shape (p, id, &rows, &cols);
      for (size_t i = 0; i < rows * cols; i++)
        for (int s = 0; s < 3; s++)
          {
            double keep = x[i], d = steps[s], fast, slow, lin, want;
            fast = bp_perturb_delta (p, id, BP_REF_GLOBAL, i, d);
            x[i] = keep + d;
            slow = naive_loss (t->net, from, in, N, t->y, t->reg) - base;
            x[i] = keep;
            worst = fmax (worst, fabs (fast - slow));
            /* The local objective is linear (plus the reg term, and the
             * relu for z1): its change is the supplied gradient times the
             * step, up to those terms. */
            lin = bp_perturb_delta (p, id, BP_REF_LOCAL, i, d);
            if (id == BP_DW1 || id == BP_DW2)
              lin -= t->reg * d * d;
            if (id == BP_DZ2)       /* the head: local is global */
              want = fast;
            else if (id == BP_DZ1)  /* <dp1, relu(z1)> */
              want = g->dp1->data[i]
                * (fmax (0.0, keep + d) - fmax (0.0, keep));
            else
              want = gv.matrix.data[i] * d;
            worst_local = fmax (worst_local, fabs (lin - want));
          }
      ok (worst < 1e-13, "%s: incremental change equals the whole loss "
          "recomputed (max diff %.2e)", bp_grad_name (id), worst);
      ok (worst_local < 1e-15, "%s: local change is the closed form of "
          "<upstream, node> (max diff %.2e)", bp_grad_name (id), worst_local);
    }
  bp_perturb_free (p);
  bp_grads_free (g);
  bp_cache_free (c);
  bp_problem_free (t);
  return tap_done ();
}
