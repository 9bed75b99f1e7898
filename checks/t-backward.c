/* t-backward.c -- the reference backward pass against centered differences
 * of an independently written loss, on the toy net and on a random
 * non-square net. */

#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>

#include "backprop.h"
#include "naive.h"
#include "tap.h"

/* Compare gradient id entrywise with the centered difference of the loss
 * with respect to x (n entries). */
static void
compare (const char *net_name, bp_grads *g, enum bp_grad_id id,
         const bp_net *net, enum naive_from from, double *in, size_t N,
         const size_t *y, double reg, double *x)
{
  gsl_matrix_view a = bp_grads_matrix (g, id);
  size_t n = a.matrix.size1 * a.matrix.size2, worst = 0;
  double *num = malloc (n * sizeof *num), rel = 0.0;

  naive_gradient (net, from, in, N, y, reg, x, n, 1e-5, num);
  for (size_t i = 0; i < n; i++)
    {
      double ai = a.matrix.data[i];
      double r = fabs (ai - num[i]) / fmax (1e-8, fabs (ai) + fabs (num[i]));
      if (r > rel)
        {
          rel = r;
          worst = i;
        }
    }
  ok (rel < 1e-6, "%s: %s agrees with centered differences in all %zu "
      "entries (max rel err %.2e at %zu)", net_name, bp_grad_name (id), n,
      rel, worst);
  free (num);
}

static void
check_all (const char *name, bp_net *net, gsl_matrix *X, const size_t *y,
           double reg)
{
  size_t N = X->size1;
  bp_cache *c = bp_cache_alloc (N, net->H, net->C);
  bp_grads *g = bp_grads_alloc (N, net->D, net->H, net->C);
  double *z1 = malloc (N * net->H * sizeof *z1);
  double *p1 = malloc (N * net->H * sizeof *p1);
  double *z2 = malloc (N * net->C * sizeof *z2);

  if (bp_net_forward (net, X, c) || bp_net_backward (net, X, y, reg, c, g))
    bail ("%s: forward or backward failed", name);
  memcpy (z1, c->z1->data, N * net->H * sizeof *z1);
  memcpy (p1, c->p1->data, N * net->H * sizeof *p1);
  memcpy (z2, c->z2->data, N * net->C * sizeof *z2);

  compare (name, g, BP_DZ2, net, FROM_Z2, z2, N, y, reg, z2);
  compare (name, g, BP_DW2, net, FROM_X, X->data, N, y, reg, net->W2->data);
  compare (name, g, BP_DB2, net, FROM_X, X->data, N, y, reg, net->b2->data);
  compare (name, g, BP_DP1, net, FROM_P1, p1, N, y, reg, p1);
  compare (name, g, BP_DZ1, net, FROM_Z1, z1, N, y, reg, z1);
  compare (name, g, BP_DW1, net, FROM_X, X->data, N, y, reg, net->W1->data);
  compare (name, g, BP_DB1, net, FROM_X, X->data, N, y, reg, net->b1->data);

  free (z1);
  free (p1);
  free (z2);
  bp_grads_free (g);
  bp_cache_free (c);
}

int
main (void)
{
  bp_problem *toy;
  bp_error err;
  bp_problem *random = bp_problem_random (7, 6, 8, 4, 2385, 0.137);

  tap_gsl_handler_install ();
  plan (14);
  if (bp_problem_load_toy (tap_srcfile ("data/toy.txt"), &toy, &err))
    bail ("data/toy.txt: %s", err.msg);
  check_all ("toy", toy->net, toy->X, toy->y, toy->reg);

  check_all ("random 7x6-8-4", random->net, random->X, random->y,
             random->reg);

  bp_problem_free (random);
  bp_problem_free (toy);
  return tap_done ();
}
