/* 03-backward.c -- the seven gradients of the toy net, layer by layer.
 *
 * Run:   examples/03-backward [data/toy.txt]
 * Shows: the reference backward pass taken apart into the layers of net.h,
 *        in backprop order: the softmax loss gives dz2; the second affine
 *        layer gives dW2, db2 and dp1; the ReLU gives dz1; the first affine
 *        layer gives dW1 and db1; 2 reg W is added to dW2 and dW1.  Beside
 *        one entry of each gradient, a centered difference of the loss,
 *        (L(x + h) - L(x - h)) / 2h, computed here by moving that entry.
 * Look:  each gradient has the shape of its tensor; each analytic entry
 *        equals its centered difference to the digits printed; dz1 is
 *        zero wherever z1 <= 0 (compare its row with z1's). */

#include <math.h>
#include <stdio.h>
#include <gsl/gsl_errno.h>

#include "backprop.h"

/* Where the forward pass restarts after one entry was moved: from X (for
 * a parameter), from z1, from p1, or only the loss on z2. */
enum from { FROM_X, FROM_Z1, FROM_P1, FROM_Z2 };

static double
loss_from (bp_problem *toy, bp_cache *cache, enum from f)
{
  if (f == FROM_X)
    bp_net_forward (toy->net, toy->X, cache);
  else if (f == FROM_Z1)
    bp_net_forward_from_z1 (toy->net, cache);
  else if (f == FROM_P1)
    bp_net_forward_from_p1 (toy->net, cache);
  return bp_softmax_loss_forward (cache->z2, toy->y, NULL)
    + bp_net_reg_loss (toy->net, toy->reg);
}

/* The centered difference of the loss in *x; *x and the cache restored. */
static double
centered (bp_problem *toy, bp_cache *cache, double *x, enum from f)
{
  const double h = 1e-5, x0 = *x;
  double up, down;

  *x = x0 + h, up = loss_from (toy, cache, f);
  *x = x0 - h, down = loss_from (toy, cache, f);
  *x = x0, loss_from (toy, cache, f);
  return (up - down) / (2.0 * h);
}

/* dW += 2 reg W: the gradient of reg |W|^2 (no 1/2 in the loss). */
static void
add_reg (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      gsl_matrix_set (dW, i, j, gsl_matrix_get (dW, i, j)
                      + 2.0 * reg * gsl_matrix_get (W, i, j));
}

int
main (int argc, char **argv)
{
  const char *path = argc > 1 ? argv[1] : "data/toy.txt";
  bp_problem *toy;
  bp_error err;
  bp_cache *cache;
  bp_grads *g, *ref;
  double diff = 0.0;
  int status = 0;

  gsl_set_error_handler_off ();

  /* Step 1: the toy net and its forward pass; the cache holds z1, p1, z2
   * and prob = softmax(z2), everything the backward pass reads. */
  if (bp_problem_load_toy (path, &toy, &err))
    {
      fprintf (stderr, "03-backward: %s: %s\n", path, err.msg);
      return 2;
    }
  bp_net *net = toy->net;
  cache = bp_cache_alloc (toy->N, net->H, net->C);
  g = bp_grads_alloc (toy->N, net->D, net->H, net->C);
  ref = bp_grads_alloc (toy->N, net->D, net->H, net->C);
  if (!cache || !g || !ref || bp_net_forward (net, toy->X, cache))
    return 1;

  /* Step 2: dz2 = (prob - onehot(y)) / N.  The derivative of
   * -log softmax(z)[y] in z is softmax(z) - onehot(y); the mean over the
   * batch brings the 1/N. */
  status |= bp_softmax_loss_backward (cache->prob, toy->y, g->dz2);

  /* Step 3: z2 = p1 W2 + b2, so dW2 = p1' dz2, db2 = column sums of dz2
   * and dp1 = dz2 W2'.  Then the reg term adds 2 reg W2 to dW2. */
  status |= bp_affine_backward (g->dz2, cache->p1, net->W2, g->dp1, g->dW2,
                                g->db2);
  add_reg (g->dW2, net->W2, toy->reg);

  /* Step 4: p1 = max(0, z1) passes the gradient where z1 > 0 and stops it
   * elsewhere: dz1 = dp1 * [z1 > 0].  The mask is on z1, the ReLU's
   * input, not on dp1. */
  status |= bp_relu_backward (g->dp1, cache->z1, g->dz1);

  /* Step 5: z1 = X W1 + b1, so dW1 = X' dz1 and db1 = column sums of
   * dz1; X is data, so its gradient is not wanted (NULL).  Plus 2 reg W1. */
  status |= bp_affine_backward (g->dz1, toy->X, net->W1, NULL, g->dW1,
                                g->db1);
  add_reg (g->dW1, net->W1, toy->reg);
  if (status)
    return 1;

  /* Step 6: shapes, the first entries of row 0, and entry [0][0] beside
   * its centered difference.  A parameter is moved and the whole forward
   * pass rerun; an intermediate (z2, p1, z1) is moved in the cache and
   * only the rest of the forward pass rerun.  (Adding 0.0 prints a
   * masked -0 as 0.) */
  double *x[BP_NGRADS] = {
    gsl_matrix_ptr (cache->z2, 0, 0), gsl_matrix_ptr (net->W2, 0, 0),
    gsl_vector_ptr (net->b2, 0), gsl_matrix_ptr (cache->p1, 0, 0),
    gsl_matrix_ptr (cache->z1, 0, 0), gsl_matrix_ptr (net->W1, 0, 0),
    gsl_vector_ptr (net->b1, 0)
  };
  const enum from f[BP_NGRADS] = {
    FROM_Z2, FROM_X, FROM_X, FROM_P1, FROM_Z1, FROM_X, FROM_X
  };
  printf ("%-4s %-6s%-44s %11s %11s\n", "grad", "shape", " row 0",
          "[0][0]", "centered");
  for (int id = 0; id < BP_NGRADS; id++)
    {
      gsl_matrix_view m = bp_grads_matrix (g, id);
      char shape[16];
      snprintf (shape, sizeof shape, "%zux%zu", m.matrix.size1,
                m.matrix.size2);
      printf ("%-4s %-6s", bp_grad_name (id), shape);
      for (size_t j = 0; j < 4; j++)
        if (j < m.matrix.size2)
          printf (" %9.5f", gsl_matrix_get (&m.matrix, 0, j) + 0.0);
        else
          printf (" %9s", "");
      printf ("%s %11.3e %11.3e\n", m.matrix.size2 > 4 ? " ..." : "    ",
              gsl_matrix_get (&m.matrix, 0, 0),
              centered (toy, cache, x[id], f[id]));
    }
  char zs[64] = "", ds[64] = "";
  for (size_t j = 0; j < net->H && j < 63; j++)
    {
      zs[j] = gsl_matrix_get (cache->z1, 0, j) > 0 ? '+' : '-';
      ds[j] = gsl_matrix_get (g->dz1, 0, j) != 0 ? '+' : '-';
    }
  printf ("z1 row 0 > 0: %s   dz1 row 0 != 0: %s\n", zs, ds);

  /* Step 7: the library's bp_net_backward makes the same calls. */
  bp_net_backward (net, toy->X, toy->y, toy->reg, cache, ref);
  for (int id = 0; id < BP_NGRADS; id++)
    {
      gsl_matrix_view a = bp_grads_matrix (g, id);
      gsl_matrix_view b = bp_grads_matrix (ref, id);
      gsl_matrix_sub (&a.matrix, &b.matrix);
      diff = fmax (diff, fmax (gsl_matrix_max (&a.matrix),
                               -gsl_matrix_min (&a.matrix)));
    }
  printf ("same as bp_net_backward: %s\n", diff < 1e-14 ? "yes" : "no");

  bp_grads_free (ref);
  bp_grads_free (g);
  bp_cache_free (cache);
  bp_problem_free (toy);
  return 0;
}
