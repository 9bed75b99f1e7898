/* t-convention.c -- the loss conventions: names, losses, the backward pass
 * under each, the check under each, and inference from a loss value. */

#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "tap.h"
#include "backprop/backward.h"
#include "backprop/convention.h"
#include "backprop/gradcheck.h"

enum { N = 7, D = 6, H = 8, C = 4 };
static const double reg = 0.185;

/* A 6-8-4 net with nonzero biases (so that penalising them shows), z1
 * kept away from its kink, and a batch of 7. */
struct problem {
  bp_net *net;
  bp_cache *cache;
  gsl_matrix *X;
  size_t y[N];
};

static void
problem_make (struct problem *p, unsigned long seed)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, seed);
  p->net = bp_net_alloc (D, H, C);
  p->cache = bp_cache_alloc (N, H, C);
  p->X = gsl_matrix_alloc (N, D);
  bp_net_init_gaussian (p->net, rng, 0.4);
  for (size_t j = 0; j < H; j++)
    gsl_vector_set (p->net->b1, j, gsl_ran_gaussian (rng, 0.3));
  for (size_t k = 0; k < C; k++)
    gsl_vector_set (p->net->b2, k, gsl_ran_gaussian (rng, 0.3));
  for (size_t i = 0; i < N * D; i++)
    p->X->data[i] = gsl_ran_gaussian (rng, 1.0);
  for (size_t n = 0; n < N; n++)
    p->y[n] = gsl_rng_uniform_int (rng, C);
  bp_net_forward (p->net, p->X, p->cache);
  /* move z1 off its kink: shift b1 where a column comes near zero */
  for (size_t j = 0; j < H; j++)
    for (size_t n = 0; n < N; n++)
      if (fabs (gsl_matrix_get (p->cache->z1, n, j)) < 1e-3)
        {
          gsl_vector_set (p->net->b1, j, gsl_vector_get (p->net->b1, j)
                          + 0.01);
          bp_net_forward (p->net, p->X, p->cache);
        }
  gsl_rng_free (rng);
}

static void
problem_free (struct problem *p)
{
  bp_net_free (p->net);
  bp_cache_free (p->cache);
  gsl_matrix_free (p->X);
}

static bp_convention
nth (int i)
{
  bp_convention c;
  bp_convention_nth (i, &c);
  return c;
}

/* The gradients of convention c, checked under convention as. */
static bp_gradcheck *
check (const struct problem *p, const bp_convention *c,
       const bp_convention *as)
{
  bp_grads *g = bp_grads_alloc (N, D, H, C);
  bp_gradcheck_opts o;
  bp_gradcheck *r;

  bp_gradcheck_opts_init (&o);
  o.conv = *as;
  bp_convention_backward (c, p->net, p->X, p->y, reg, p->cache, g);
  r = bp_gradcheck_run (p->net, p->X, p->y, reg, g, &o);
  bp_grads_free (g);
  return r;
}

int
main (void)
{
  struct problem p;
  char name[BP_CONVENTION_NAME_MAX], rule[96];
  bp_convention def, c, found[8];

  tap_gsl_handler_install ();
  plan (8 + 8 + 8 + 8 + 4 + 3);
  problem_make (&p, 2385);
  bp_convention_init (&def);

  /* Names go there and back. */
  for (int i = 0; i < 8; i++)
    {
      bp_convention t = nth (i), u;
      bp_convention_name (&t, name);
      ok (bp_convention_parse (name, &u) == 0 && u.sum == t.sum
          && u.penalty == t.penalty && u.biases == t.biases,
          "convention %s parses back to itself", name);
    }

  /* The loss of each convention, against its definition written out. */
  for (int i = 0; i < 8; i++)
    {
      bp_convention t = nth (i);
      double data = bp_net_data_loss (p.cache, p.y);
      double w2 = bp_net_reg_loss (p.net, 1.0), b2 = 0.0, want;
      for (size_t j = 0; j < H; j++)
        b2 += pow (gsl_vector_get (p.net->b1, j), 2);
      for (size_t k = 0; k < C; k++)
        b2 += pow (gsl_vector_get (p.net->b2, k), 2);
      want = (t.sum ? N * data : data) + t.penalty * reg * w2
        + (t.biases ? t.penalty * reg * b2 : 0.0);
      is_double (bp_convention_loss (&t, p.net, p.cache, p.y, reg), want,
                 1e-12 * fabs (want), "loss of convention %s",
                 bp_convention_name (&t, name));
    }

  /* Each convention's correct gradients are all ok when checked under it. */
  for (int i = 0; i < 8; i++)
    {
      bp_convention t = nth (i);
      bp_gradcheck *r = check (&p, &t, &t);
      is_int (r ? (long) bp_gradcheck_failures (r) : -1, 0,
              "convention %s: its own correct gradients all agree",
              bp_convention_name (&t, name));
      bp_gradcheck_free (r);
    }

  /* ... and its loss value names it first. */
  for (int i = 0; i < 8; i++)
    {
      bp_convention t = nth (i);
      double loss = bp_convention_loss (&t, p.net, p.cache, p.y, reg);
      size_t n = bp_convention_infer (loss, bp_net_data_loss (p.cache, p.y),
                                      p.net, N, reg, 1e-9, found, 8);
      ok (n == 1 && found[0].sum == t.sum && found[0].penalty == t.penalty
          && found[0].biases == t.biases,
          "convention %s inferred from its loss (%zu found)",
          bp_convention_name (&t, name), n);
    }

  /* Checked under the library's convention, the half convention's
   * gradients are wrong in dW1 and dW2 only; the biases' in db1, db2. */
  {
    bp_convention half = def, bias = def;
    bp_gradcheck *r;
    half.penalty = 0.5;
    bias.biases = 1;
    r = check (&p, &half, &def);
    ok (r && r->g[BP_DW1].status == BP_STATUS_ROOT
        && r->g[BP_DW2].status == BP_STATUS_ROOT
        && r->g[BP_DB1].status == BP_STATUS_OK,
        "half-convention gradients under the library's loss: dW1, dW2 root");
    bp_gradcheck_free (r);
    r = check (&p, &def, &bias);
    ok (r && r->g[BP_DB1].status == BP_STATUS_ROOT
        && r->g[BP_DB2].status == BP_STATUS_ROOT
        && r->g[BP_DW1].status == BP_STATUS_OK,
        "biases penalised in the loss, not in the gradient: db1, db2 root");
    bp_gradcheck_free (r);
    c = def;
    c.sum = 1;
    r = check (&p, &def, &c);
    ok (r && r->g[BP_DZ2].status == BP_STATUS_ROOT,
        "mean gradients under a summed loss: dz2 root");
    bp_gradcheck_free (r);
    r = check (&p, &c, &c);
    is_double (r ? r->loss : GSL_NAN,
               bp_convention_loss (&c, p.net, p.cache, p.y, reg), 0.0,
               "the check's loss is the convention's");
    bp_gradcheck_free (r);
  }

  /* Rules in the student's terms. */
  c = def;
  c.penalty = 0.5;
  is_substr (bp_convention_rule (&c, BP_DW1, rule, sizeof rule),
             "dW1 = X' dz1 + reg W1", "half: the rule of dW1");
  c.biases = 1;
  is_substr (bp_convention_rule (&c, BP_DB2, rule, sizeof rule),
             "db2 = column sums of dz2 + reg b2", "half+bias: the rule of db2");
  c.sum = 1;
  is_substr (bp_convention_rule (&c, BP_DZ2, rule, sizeof rule),
             "dz2 = softmax(z2) - onehot(y)", "sum: the rule of dz2");

  problem_free (&p);
  return tap_done ();
}
