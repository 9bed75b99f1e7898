/* verdict.c -- forward pass, loss, convention and gradients, in the order
 * a student fixes them (see verdict.h). */

#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>

#include "backprop/causes.h"
#include "backprop/verdict.h"
#include "srcline.h"

/* Intermediates (dz2, dp1, dz1) that a student's arrays supplied but
 * that the parameter gradients were not computed from as they are: one
 * whose parameter gradient after it is right overall but not given it
 * (1/N applied later, to each parameter gradient), or one that is wrong
 * while every parameter gradient after it is right.  Set aside, they
 * leave the parameter gradients to be judged on their own. */
static unsigned
set_aside (const bp_gradcheck *r)
{
  static const int mids[] = { BP_DZ2, BP_DP1, BP_DZ1 };
  unsigned out = 0;

  for (int k = 0; k < 3; k++)
    {
      int id = mids[k], after = 0, wrong_after = 0, right_not_given = 0;
      if (r->g[id].status == BP_STATUS_ABSENT)
        continue;
      for (int p = BP_DW2; p < BP_NGRADS; p++)
        {
          const bp_gradcheck_grad *g = &r->g[p];
          int up = p, below = 0;
          if (p == BP_DP1 || p == BP_DZ1 || g->status == BP_STATUS_ABSENT)
            continue;
          while ((up = bp_grad_upstream (up)) >= 0)
            below |= up == id;
          if (!below)
            continue;
          after++;
          wrong_after += g->bad_global > 0;
          right_not_given += g->bad_global == 0 && g->bad_local > 0
            && bp_grad_upstream (p) == id;
        }
      if (after > 0 && (right_not_given > 0
                        || (wrong_after == 0 && r->g[id].bad_global > 0)))
        out |= 1u << id;
    }
  return out;
}

/* The check of user under convention c.  With BP_VERDICT_ARRAYS, the
 * intermediates that set_aside names are set aside (*aside) and the check
 * run again without them. */
static bp_gradcheck *
check_under (const bp_verdict *v, const bp_net *net, const gsl_matrix *X,
             const size_t *y, double reg, const bp_grads *user,
             const bp_gradcheck_opts *opts, const bp_convention *c,
             unsigned *aside)
{
  bp_gradcheck_opts o = *opts;
  bp_gradcheck *r;
  bp_grads fewer;

  o.conv = *c;
  *aside = 0;
  r = bp_gradcheck_run (net, X, y, reg, user, &o);
  if (r == NULL || !(v->flags & BP_VERDICT_ARRAYS)
      || (*aside = set_aside (r)) == 0)
    return r;
  bp_gradcheck_free (r);
  fewer = *user;                /* the same arrays, fewer present */
  fewer.present &= ~*aside;
  return bp_gradcheck_run (net, X, y, reg, &fewer, &o);
}

/* Name the causes of the check chosen (under v->conv, which its options
 * carry). */
static int
explain (bp_verdict *v, const bp_net *net, const gsl_matrix *X,
         const size_t *y, double reg, const bp_grads *user)
{
  bp_cache *cache = bp_cache_alloc (X->size1, net->H, net->C);
  int status = cache ? bp_net_forward (net, X, cache) : GSL_ENOMEM;

  if (status == 0)
    status = bp_causes_explain (v->check, net, X, y, reg, cache, user);
  bp_cache_free (cache);
  return status;
}

/* Of the n conventions in cs, the one under which user has the fewest
 * wrong gradients (the first, most usual, on a tie): its check goes to
 * v->check and the convention to v->conv. */
static int
best_of (bp_verdict *v, const bp_convention *cs, size_t n,
         const bp_net *net, const gsl_matrix *X, const size_t *y, double reg,
         const bp_grads *user, const bp_gradcheck_opts *opts)
{
  for (size_t i = 0; i < n; i++)
    {
      unsigned aside;
      bp_gradcheck *r = check_under (v, net, X, y, reg, user, opts, &cs[i],
                                     &aside);
      if (r == NULL)
        return GSL_ENOMEM;
      if (v->check == NULL
          || bp_gradcheck_failures (r) < bp_gradcheck_failures (v->check))
        {
          bp_gradcheck_free (v->check);
          v->check = r;
          v->conv = cs[i];
          v->aside = aside;
        }
      else
        bp_gradcheck_free (r);
      if (bp_gradcheck_failures (v->check) == 0)
        break;
    }
  return 0;
}

/* All eight conventions, most usual first. */
static size_t
every_convention (bp_convention *cs)
{
  for (int i = 0; i < BP_CONVENTIONS; i++)
    bp_convention_nth (i, &cs[i]);
  return BP_CONVENTIONS;
}

/* Wrong under the convention assumed (no loss given) or given by the loss:
 * is there another under which these gradients are all right?  Then
 * either the convention is not the one assumed, or the loss and the
 * gradients disagree about it. */
static int
look_for_hint (bp_verdict *v, const bp_net *net, const gsl_matrix *X,
               const size_t *y, double reg, const bp_grads *user,
               const bp_gradcheck_opts *opts)
{
  bp_convention cs[BP_CONVENTIONS];
  size_t n = every_convention (cs);

  for (size_t i = 0; i < n; i++)
    {
      bp_gradcheck *r;
      unsigned aside;
      int fits;
      if (cs[i].penalty == v->conv.penalty && cs[i].biases == v->conv.biases
          && cs[i].sum == v->conv.sum)
        continue;
      r = check_under (v, net, X, y, reg, user, opts, &cs[i], &aside);
      if (r == NULL)
        return GSL_ENOMEM;
      fits = bp_gradcheck_failures (r) == 0;
      bp_gradcheck_free (r);
      if (fits)
        {
          v->hint = 1;
          v->hint_conv = cs[i];
          break;
        }
    }
  return 0;
}

/* The convention and the check, by what was given. */
static int
choose_and_check (bp_verdict *v, const bp_net *net, const gsl_matrix *X,
                  const size_t *y, double reg, const bp_grads *user,
                  const bp_gradcheck_opts *opts)
{
  int declared = (v->flags & BP_VERDICT_DECLARED) != 0;
  bp_convention cs[BP_CONVENTIONS];
  size_t n;

  if (declared || !v->fwd.has_loss)
    {
      v->source = declared ? BP_CONV_DECLARED : BP_CONV_ASSUMED;
      v->conv = opts->conv;
      v->check = check_under (v, net, X, y, reg, user, opts, &v->conv,
                              &v->aside);
      if (v->check == NULL)
        return GSL_ENOMEM;
      if (!declared && bp_gradcheck_failures (v->check) > 0)
        return look_for_hint (v, net, X, y, reg, user, opts);
      return 0;
    }
  /* a loss: the conventions that give it, or that its mistake was made
   * in, or, when nothing explains it, any */
  n = v->fwd.nconv;
  if (n > 0)
    for (size_t i = 0; i < n; i++)
      cs[i] = v->fwd.conv[i];
  else
    n = every_convention (cs);
  v->source = n == 1 && v->fwd.loss_ok ? BP_CONV_FROM_LOSS
    : BP_CONV_FROM_GRADS;
  if (best_of (v, cs, n, net, X, y, reg, user, opts))
    return GSL_ENOMEM;
  if (v->source == BP_CONV_FROM_LOSS && bp_gradcheck_failures (v->check) > 0)
    return look_for_hint (v, net, X, y, reg, user, opts);
  return 0;
}

/* Wrong scores are the root: what disagrees after them inherits. */
static void
blame_forward (bp_verdict *v)
{
  for (int id = 0; id < BP_NGRADS; id++)
    if (v->check->g[id].status == BP_STATUS_ROOT)
      v->check->g[id].status = BP_STATUS_INHERITED;
}

bp_verdict *
bp_verdict_run (const bp_net *net, const gsl_matrix *X, const size_t *y,
                double reg, const bp_grads *user, const gsl_matrix *scores,
                double loss, const bp_gradcheck_opts *opts, int flags)
{
  bp_verdict *v = calloc (1, sizeof *v);
  double rtol = opts->float32 ? 1e-4 : 1e-6;
  bp_grads fewer;
  int status;

  if (v == NULL)
    GSL_ERROR_NULL ("verdict: out of memory", GSL_ENOMEM);
  v->flags = flags;
  for (int id = 0; id < BP_NGRADS; id++)
    v->own_err[id] = GSL_NAN;
  status = bp_forward_check_run (net, X, y, reg, scores, loss, rtol, &v->fwd);
  if (status == 0)
    status = choose_and_check (v, net, X, y, reg, user, opts);
  fewer = *user;
  fewer.present &= ~v->aside;
  if (status == 0)
    status = explain (v, net, X, y, reg, &fewer);
  if (status)
    {
      bp_verdict_free (v);
      GSL_ERROR_NULL ("verdict failed", status);
    }
  if (!v->fwd.scores_ok)
    blame_forward (v);
  return v;
}

void
bp_verdict_free (bp_verdict *v)
{
  if (v == NULL)
    return;
  bp_gradcheck_free (v->check);
  free (v);
}

int
bp_verdict_wrong (const bp_verdict *v)
{
  return !v->fwd.scores_ok || !v->fwd.loss_ok
    || bp_gradcheck_failures (v->check) > 0;
}

/* A missing or wrong penalty term belongs where the value is stored; any
 * other mistake where what is stored was computed. */
static int
at_store (const char *cause)
{
  return strncmp (cause, "reg-", 4) == 0;
}

/* Are the flagged entries of g exactly its last rows (1) or its last
 * columns (2), or neither (0)? */
static int
trailing (const bp_gradcheck_grad *g)
{
  size_t r0 = g->rows, c0 = g->cols;
  int rows = 1, cols = 1;

  for (size_t i = 0; i < g->rows * g->cols; i++)
    if (g->bad[i])
      {
        r0 = i / g->cols < r0 ? i / g->cols : r0;
        c0 = i % g->cols < c0 ? i % g->cols : c0;
      }
  for (size_t i = 0; i < g->rows * g->cols; i++)
    {
      rows &= (i / g->cols >= r0) == (g->bad[i] != 0);
      cols &= (i % g->cols >= c0) == (g->bad[i] != 0);
    }
  return r0 > 0 && rows ? 1 : c0 > 0 && cols ? 2 : 0;
}

int
bp_verdict_locate (bp_verdict *v, bp_sandbox_result *res)
{
  for (int id = 0; id < BP_NGRADS; id++)
    {
      const bp_gradcheck_grad *g = &v->check->g[id];
      bp_sandbox_line w;
      if (g->status != BP_STATUS_ROOT || g->bad == NULL
          || bp_sandbox_where (res, id, g->bad, &w) != 0 || w.line <= 0)
        continue;
      if (w.computed > 0 && !at_store (g->cause))
        {
          w.line = w.computed;
          snprintf (w.text, sizeof w.text, "%s", w.computed_text);
        }
      else if (w.others && trailing (g))
        {
          /* never stored, the last rows or columns: the loop's bound */
          char text[sizeof w.text];
          int l = bp_srcline_loop (w.file, w.line, trailing (g), text,
                                   sizeof text);
          if (l > 0)
            {
              w.line = l;
              snprintf (w.text, sizeof w.text, "%s", text);
            }
        }
      snprintf (v->where[id], sizeof v->where[id], "%s:%d", w.name, w.line);
      snprintf (v->where_text[id], sizeof v->where_text[id], "%s", w.text);
    }
  return res->lines;
}

/* The gradients of backward at net for X, y, reg, into g: called
 * directly, or with so_path run in the sandbox, whose result is *res. */
static int
run_backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, bp_backward_fn *backward, const char *so_path,
              double seconds, bp_grads *g, bp_sandbox_result **res,
              bp_error *err)
{
  bp_cache *cache = bp_cache_alloc (X->size1, net->H, net->C);
  int status = cache ? bp_net_forward (net, X, cache) : GSL_ENOMEM;

  if (status == 0 && so_path != NULL)
    {
      *res = bp_sandbox_result_alloc (X->size1, net->D, net->H, net->C);
      if (*res == NULL)
        status = GSL_ENOMEM;
      else if (bp_sandbox_run (backward, so_path, net, X, y, reg, cache, g,
                               seconds, *res, err))
        status = GSL_EFAILED;
      else if ((*res)->retval)
        status = bp_error_set (err, "%s: the backward pass returned %d "
                               "(a failure)", so_path, (*res)->retval);
    }
  else if (status == 0 && (status = backward (net, X, y, reg, cache, g)))
    status = bp_error_set (err, "the backward pass returned %d (a failure)",
                           status);
  bp_cache_free (cache);
  if (status == GSL_ENOMEM)
    bp_error_set (err, "out of memory");
  return status;
}

/* The line of each root cause from the sandboxed run res or, when the
 * object has no line information and something is wrong, the note that
 * says how to get them. */
static void
locate_or_note (bp_verdict *v, bp_sandbox_result *res)
{
  if (!bp_verdict_locate (v, res) && bp_verdict_wrong (v))
    snprintf (v->note, sizeof v->note, "%s", res->msg);
}

int
bp_verdict_backward (const bp_net *net, const gsl_matrix *X,
                     const size_t *y, double reg, bp_backward_fn *backward,
                     const char *so_path, double seconds,
                     const bp_gradcheck_opts *opts, int flags,
                     bp_verdict **out, bp_error *err)
{
  bp_grads *g = bp_grads_alloc (X->size1, net->D, net->H, net->C);
  bp_sandbox_result *res = NULL;
  int status = g ? run_backward (net, X, y, reg, backward, so_path, seconds,
                                 g, &res, err) : GSL_ENOMEM;

  *out = NULL;
  if (status == 0
      && (*out = bp_verdict_run (net, X, y, reg, g, NULL, GSL_NAN, opts,
                                 flags)) == NULL)
    status = GSL_ENOMEM;
  if (status == 0 && res != NULL)
    locate_or_note (*out, res);
  if (status == GSL_ENOMEM)
    bp_error_set (err, "out of memory");
  bp_sandbox_result_free (res);
  bp_grads_free (g);
  return status;
}

int
bp_verdict_locate_backward (bp_verdict *v, const bp_net *net,
                            const gsl_matrix *X, const size_t *y, double reg,
                            bp_backward_fn *backward, const char *so_path,
                            double seconds, bp_error *err)
{
  bp_grads *g = bp_grads_alloc (X->size1, net->D, net->H, net->C);
  bp_sandbox_result *res = NULL;
  int status = g ? run_backward (net, X, y, reg, backward, so_path, seconds,
                                 g, &res, err) : GSL_ENOMEM;

  if (status == 0)
    locate_or_note (v, res);
  if (status == GSL_ENOMEM)
    bp_error_set (err, "out of memory");
  bp_sandbox_result_free (res);
  bp_grads_free (g);
  return status;
}
