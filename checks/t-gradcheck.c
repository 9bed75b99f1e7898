/* t-gradcheck.c -- gradcheck's diagnosis: every zoo bug on several nets,
 * the same bugs seen with only the parameter gradients, no false alarm on
 * correct nets (near kinks too), sampling. */

#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "backprop.h"
#include "tap.h"

/* The expected "root CAUSE" with N written out as gradcheck prints it. */
static void
expected_cause (const char *expect, size_t N, char *buf, size_t len)
{
  const char *p;
  char tail[64];
  snprintf (buf, len, "%s", expect + 5);
  if ((p = strstr (buf, "scale:1/N")) != NULL)
    {
      snprintf (tail, sizeof tail, "%s", p + 9);
      snprintf (buf + (p - buf), len - (size_t) (p - buf), "scale:%.6g%s",
                1.0 / (double) N, tail);
    }
  else if ((p = strstr (buf, "scale:N")) != NULL)
    {
      snprintf (tail, sizeof tail, "%s", p + 7);
      snprintf (buf + (p - buf), len - (size_t) (p - buf), "scale:%zu%s", N,
                tail);
    }
}

/* Compare a check with a bug's expectations; "" when they agree, else a
 * description of the first difference. */
static const char *
differs (const bp_gradcheck *r, const bp_bug *bug, unsigned present)
{
  static char why[256];
  for (int id = 0; id < BP_NGRADS; id++)
    {
      const bp_gradcheck_grad *g = &r->g[id];
      const char *want = bug ? bug->expect[id] : "ok";
      char cause[64];
      if (!(present & (1u << id)))
        want = "absent";
      if (strncmp (want, "root ", 5) == 0)
        {
          expected_cause (want, r->N, cause, sizeof cause);
          if (g->status != BP_STATUS_ROOT || strcmp (g->cause, cause) != 0)
            {
              snprintf (why, sizeof why, "%s: got %s %s, want root %s",
                        bp_grad_name (id), bp_status_name (g->status),
                        g->cause, cause);
              return why;
            }
        }
      else if (strcmp (want, bp_status_name (g->status)) != 0)
        {
          snprintf (why, sizeof why, "%s: got %s %s, want %s",
                    bp_grad_name (id), bp_status_name (g->status), g->cause,
                    want);
          return why;
        }
    }
  return "";
}

/* Run backward on the problem, keep only the gradients in present, check. */
static bp_gradcheck *
check (const bp_problem *t, bp_backward_fn *backward, unsigned present,
       const bp_gradcheck_opts *o)
{
  bp_cache *c = bp_cache_alloc (t->N, t->net->H, t->net->C);
  bp_grads *g = bp_grads_alloc (t->N, t->net->D, t->net->H, t->net->C);
  bp_gradcheck *r;

  if (!c || !g || bp_net_forward (t->net, t->X, c)
      || backward (t->net, t->X, t->y, t->reg, c, g))
    bail ("backward failed");
  g->present = present;
  r = bp_gradcheck_diagnose (t->net, t->X, t->y, t->reg, g, o);
  if (r == NULL)
    bail ("gradcheck failed");
  bp_grads_free (g);
  bp_cache_free (c);
  return r;
}

/* Move some z1 to within h/3 of the kink by adjusting b1. */
static size_t
near_kinks (bp_problem *t, gsl_rng *rng, double h)
{
  bp_cache *c = bp_cache_alloc (t->N, t->net->H, t->net->C);
  size_t moved = 0;
  bp_net_forward (t->net, t->X, c);
  for (size_t j = 0; j < t->net->H; j += 2)
    {
      size_t n = gsl_rng_uniform_int (rng, t->N);
      double shift = -gsl_matrix_get (c->z1, n, j)
        + (gsl_rng_uniform (rng) - 0.5) * h * 0.66;
      gsl_vector_set (t->net->b1, j, gsl_vector_get (t->net->b1, j) + shift);
      moved++;
    }
  bp_cache_free (c);
  return moved;
}

static const unsigned params_only = (1u << BP_DW2) | (1u << BP_DB2)
  | (1u << BP_DW1) | (1u << BP_DB1);

int
main (void)
{
  bp_problem *nets[3];
  const char *names[3] = { "toy", "random 7x6-8-4", "random 3x11-5-7" };
  bp_error err;
  bp_gradcheck_opts o;
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  size_t nbugs = bp_bugs_count (), false_alarms = 0, kinks = 0;
  char first[256] = "";

  tap_gsl_handler_install ();
  bp_gradcheck_opts_init (&o);
  plan (3 * nbugs + 9);
  if (bp_problem_load_toy (tap_srcfile ("data/toy.txt"), &nets[0], &err))
    bail ("data/toy.txt: %s", err.msg);
  nets[1] = bp_problem_random (7, 6, 8, 4, 2385, 0.137);
  nets[2] = bp_problem_random (3, 11, 5, 7, 17, 0.02);

  /* Every zoo bug, all seven gradients supplied, three nets. */
  for (size_t b = 0; b < nbugs; b++)
    {
      const bp_bug *bug = bp_bug_get (b);
      for (int k = 0; k < 3; k++)
        {
          bp_gradcheck *r = check (nets[k], bug->backward, BP_GRADS_ALL, &o);
          const char *d = differs (r, bug, BP_GRADS_ALL);
          ok (*d == '\0', "%s on %s: every status and cause as documented%s%s",
              bug->name, names[k], *d ? "; " : "", d);
          bp_gradcheck_free (r);
        }
    }

  /* Only the parameter gradients: the report's bug still gets its name. */
  {
    bp_gradcheck *r = check (nets[1], bp_bug_lookup ("relu-mask-sign")
                             ->backward, params_only, &o);
    ok (r->g[BP_DW1].status == BP_STATUS_ROOT
        && strcmp (r->g[BP_DW1].cause, "relu-mask-sign") == 0
        && r->g[BP_DB1].status == BP_STATUS_ROOT
        && strcmp (r->g[BP_DB1].cause, "relu-mask-sign") == 0
        && r->g[BP_DW2].status == BP_STATUS_OK
        && r->g[BP_DZ1].status == BP_STATUS_ABSENT,
        "parameters only, relu-mask-sign: dW1 and db1 explained by the "
        "mask (got %s %s, %s %s)", bp_status_name (r->g[BP_DW1].status),
        r->g[BP_DW1].cause, bp_status_name (r->g[BP_DB1].status),
        r->g[BP_DB1].cause);
    bp_gradcheck_free (r);
    r = check (nets[1], bp_bug_lookup ("report")->backward, params_only, &o);
    ok (strcmp (r->g[BP_DW1].cause, "relu-mask-sign+scale:0.142857") == 0
        && strcmp (r->g[BP_DW2].cause, "scale:0.142857") == 0,
        "parameters only, the report's two bugs: dW1 %s, dW2 %s",
        r->g[BP_DW1].cause, r->g[BP_DW2].cause);
    bp_gradcheck_free (r);
    r = check (nets[0], bp_bug_lookup ("softmax-no-onehot")->backward,
               params_only, &o);
    ok (strcmp (r->g[BP_DW2].cause, "onehot-missing") == 0
        && strcmp (r->g[BP_DB1].cause, "onehot-missing") == 0,
        "parameters only, softmax-no-onehot: dW2 %s, db1 %s",
        r->g[BP_DW2].cause, r->g[BP_DB1].cause);
    bp_gradcheck_free (r);
  }

  /* 100 correct nets of assorted shapes: no false alarm. */
  gsl_rng_set (rng, 2385);
  for (int k = 0; k < 100; k++)
    {
      size_t N = 1 + gsl_rng_uniform_int (rng, 12);
      size_t D = 1 + gsl_rng_uniform_int (rng, 12);
      size_t H = 1 + gsl_rng_uniform_int (rng, 15);
      size_t C = 2 + gsl_rng_uniform_int (rng, 7);
      double reg = k % 3 == 0 ? 0.0 : gsl_rng_uniform (rng);
      bp_problem *t = bp_problem_random (N, D, H, C, 1000 + k, reg);
      bp_gradcheck *r;
      if (k % 2)
        near_kinks (t, rng, o.h);
      r = check (t, bp_net_backward, BP_GRADS_ALL, &o);
      for (int id = 0; id < BP_NGRADS; id++)
        kinks += r->g[id].kinks;
      if (bp_gradcheck_failures (r) && first[0] == '\0')
        snprintf (first, sizeof first, "net %d (%zux%zu-%zu-%zu): %s", k, N,
                  D, H, C, differs (r, NULL, BP_GRADS_ALL));
      false_alarms += bp_gradcheck_failures (r) != 0;
      bp_gradcheck_free (r);
      bp_problem_free (t);
    }
  is_int ((long) false_alarms, 0, "100 correct random nets, half of them "
          "near kinks: no false alarm %s", first);
  ok (kinks > 50, "kink-crossed entries were met and judged (%zu)", kinks);

  /* A bug next to the kinks is still found. */
  {
    bp_problem *t = bp_problem_random (6, 5, 9, 3, 77, 0.1);
    bp_gradcheck *r;
    near_kinks (t, rng, o.h);
    r = check (t, bp_bug_lookup ("relu-mask-sign")->backward, BP_GRADS_ALL,
               &o);
    ok (*differs (r, bp_bug_lookup ("relu-mask-sign"), BP_GRADS_ALL) == '\0',
        "relu-mask-sign near kinks: %s",
        differs (r, bp_bug_lookup ("relu-mask-sign"), BP_GRADS_ALL));
    bp_gradcheck_free (r);
    bp_problem_free (t);
  }

  /* Sampling: K entries per tensor, every bias entry. */
  {
    bp_gradcheck *r;
    o.sample = 4;
    r = check (nets[1], bp_net_backward, BP_GRADS_ALL, &o);
    is_int ((long) r->g[BP_DW1].checked, 4, "--sample 4 checks 4 entries of "
            "dW1");
    is_int ((long) r->g[BP_DB1].checked, 8, "... and all 8 of db1");
    bp_gradcheck_free (r);
    o.sample = 0;
  }
  /* A gradient with one wrong entry is "entries". */
  {
    bp_gradcheck *r;
    bp_cache *c = bp_cache_alloc (7, 8, 4);
    bp_grads *g = bp_grads_alloc (7, 6, 8, 4);
    bp_net_forward (nets[1]->net, nets[1]->X, c);
    bp_net_backward (nets[1]->net, nets[1]->X, nets[1]->y, nets[1]->reg, c,
                     g);
    gsl_matrix_set (g->dW1, 2, 5, gsl_matrix_get (g->dW1, 2, 5) + 0.0385);
    r = bp_gradcheck_diagnose (nets[1]->net, nets[1]->X, nets[1]->y,
                               nets[1]->reg, g, &o);
    ok (r->g[BP_DW1].status == BP_STATUS_ROOT
        && strcmp (r->g[BP_DW1].cause, "entries") == 0
        && strstr (r->g[BP_DW1].because, "2,5") != NULL,
        "one wrong entry of dW1 is 'entries' and named (%s: %s)",
        r->g[BP_DW1].cause, r->g[BP_DW1].because);
    bp_gradcheck_free (r);
    bp_grads_free (g);
    bp_cache_free (c);
  }

  for (int k = 0; k < 3; k++)
    bp_problem_free (nets[k]);
  gsl_rng_free (rng);
  return tap_done ();
}
