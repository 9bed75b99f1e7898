/* verdict.c -- forward pass, loss, convention and gradients, in the order
 * a student fixes them (see verdict.h). */

#include <config.h>

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>

#include "backprop/causes.h"
#include "backprop/verdict.h"
#include "place.h"
#include "slice.h"
#include "srctext.h"

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

/* A root of no known cause that agrees with the numerical gradient
 * everywhere, below an upstream that is a root: it was made from right
 * values of its upstream, not from the wrong ones stored in g (dz1 from
 * a right dp1 kept aside, g->dp1 given a reshaped copy).  Its cause is
 * "unstored-upstream": the one mistake is the upstream's. */
static void
blame_unstored_upstream (bp_gradcheck *c)
{
  for (int id = 0; id < BP_NGRADS; id++)
    {
      bp_gradcheck_grad *g = &c->g[id];
      int up = bp_grad_upstream (id);
      const char *name = bp_grad_name (id);
      if (up < 0 || g->status != BP_STATUS_ROOT || g->bad_global != 0
          || strcmp (g->cause, "unknown") != 0
          || c->g[up].status != BP_STATUS_ROOT)
        continue;
      snprintf (g->cause, sizeof g->cause, "unstored-upstream");
      g->explained = g->bad_local;
      g->exact = 1;
      snprintf (g->because, sizeof g->because, "%s agrees with the "
                "numerical gradient, but not with its rule applied to the "
                "%s you stored: it was made from other values of %s than "
                "those in g->%s, which are wrong.  Store in g->%s what %s "
                "is made from; then both agree.", name, bp_grad_name (up),
                bp_grad_name (up), bp_grad_name (up), bp_grad_name (up),
                name);
    }
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
  if (status == 0)
    blame_unstored_upstream (v->check);
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
  if (v != NULL)
    bp_gradcheck_free (v->check);
  free (v);
}

int
bp_verdict_wrong (const bp_verdict *v)
{
  return !v->fwd.scores_ok || !v->fwd.loss_ok
    || bp_gradcheck_failures (v->check) > 0;
}

int
bp_verdict_locate (bp_verdict *v, bp_sandbox_result *res)
{
  bp_sandbox_line w[BP_NGRADS];
  int placed[BP_NGRADS], known[BP_NGRADS] = { 0 };
  bp_slice_lines *right = calloc (1, sizeof *right);

  /* the lines that make the right gradients are no root's mistake */
  for (int id = 0; right && id < BP_NGRADS; id++)
    if (v->check->g[id].status == BP_STATUS_OK
        && bp_sandbox_where (res, id, NULL, &w[id]) == 0 && w[id].line > 0)
      {
        bp_sandbox_line made = w[id];
        bp_slice_collect (w[id].file, w[id].line, bp_grad_name (id), right);
        if (bp_place_unwrap (&made))      /* (and from a struct's array) */
          bp_slice_collect (made.file, made.line, bp_grad_name (id), right);
        known[id] = 1;
      }
  for (int id = 0; id < BP_NGRADS; id++)
    {
      const bp_gradcheck_grad *g = &v->check->g[id];
      placed[id] = g->status == BP_STATUS_ROOT && g->bad != NULL
        && bp_place_root (v->check, g, res, &w[id], right);
    }
  free (right);
  bp_place_shared (v->check, w, placed);
  if (placed[BP_DP1] && placed[BP_DZ1]
      && strcmp (v->check->g[BP_DP1].cause, "masked-in-place") == 0
      && strcmp (v->check->g[BP_DZ1].cause, "relu-no-mask") == 0)
    w[BP_DZ1] = w[BP_DP1];      /* one mask, given dp1 where dz1 wanted it */
  else if (placed[BP_DP1] && placed[BP_DZ1]
           && strcmp (v->check->g[BP_DZ1].cause, "unstored-upstream") == 0)
    w[BP_DZ1] = w[BP_DP1];      /* dz1 right, made from dp1's right values
                                   where g->dp1 holds wrong ones: the one
                                   mistake is dp1's */
  for (int id = 0; id < BP_NGRADS; id++)
    known[id] |= placed[id];
  for (int id = 0; id < BP_NGRADS; id++)
    if (v->check->g[id].status == BP_STATUS_ROOT && !placed[id])
      placed[id] = bp_place_never_stored (id, w, known);
  for (int id = 0; id < BP_NGRADS; id++)
    if (placed[id])
      {
        snprintf (v->where[id], sizeof v->where[id], "%s:%d", w[id].name,
                  w[id].line);
        snprintf (v->where_text[id], sizeof v->where_text[id], "%s",
                  w[id].text);
      }
  return res->lines;
}

/* A backward pass run for its verdict: its arguments, the forward cache,
 * for a shared object (so_path) the sandbox's result of its last run,
 * which says where each entry was stored, and what the runs gave (see
 * run_twice). */
struct pass {
  const bp_net *net;
  const gsl_matrix *X;
  const size_t *y;
  double reg;
  bp_backward_fn *backward;
  const char *so_path;
  double seconds;
  bp_cache *cache;
  bp_sandbox_result *res;
  bp_grads *g, *first;
  unsigned stale;
};

/* One call of the pass into g: directly, or in the sandbox. */
static int
call_pass (struct pass *p, bp_grads *g, bp_error *err)
{
  const bp_net *net = p->net;
  int status;

  if (p->so_path == NULL)
    {
      status = p->backward (net, p->X, p->y, p->reg, p->cache, g);
      return status ? bp_error_set (err, "the backward pass returned %d (a "
                                    "failure)", status) : 0;
    }
  if (p->res == NULL
      && (p->res = bp_sandbox_result_alloc (p->X->size1, net->D, net->H,
                                            net->C)) == NULL)
    return GSL_ENOMEM;
  if (bp_sandbox_run (p->backward, p->so_path, net, p->X, p->y, p->reg,
                      p->cache, g, p->seconds, p->res, err))
    return GSL_EFAILED;
  if (p->res->retval)
    return bp_error_set (err, "%s: the backward pass returned %d (a "
                         "failure)", p->so_path, p->res->retval);
  return 0;
}

/* A copy of g, or NULL when out of memory. */
static bp_grads *
grads_copy (const bp_grads *g)
{
  bp_grads *c = bp_grads_alloc (g->N, g->D, g->H, g->C);

  if (c == NULL)
    return NULL;
  gsl_vector_memcpy (c->dtheta, g->dtheta);
  gsl_matrix_memcpy (c->dz2, g->dz2);
  gsl_matrix_memcpy (c->dp1, g->dp1);
  gsl_matrix_memcpy (c->dz1, g->dz1);
  c->present = g->present;
  return c;
}

/* The present gradients whose values differ between a and b (NaN equal to
 * NaN): bit (1u << id) for each. */
static unsigned
differ (bp_grads *a, bp_grads *b)
{
  unsigned out = 0;

  for (int id = 0; id < BP_NGRADS; id++)
    {
      gsl_matrix_view ma = bp_grads_matrix (a, id);
      gsl_matrix_view mb = bp_grads_matrix (b, id);
      if (!(a->present & b->present & (1u << id)))
        continue;
      for (size_t i = 0; i < ma.matrix.size1; i++)
        for (size_t j = 0; j < ma.matrix.size2; j++)
          {
            double x = gsl_matrix_get (&ma.matrix, i, j);
            double z = gsl_matrix_get (&mb.matrix, i, j);
            if (x != z && !(isnan (x) && isnan (z)))
              out |= 1u << id;
          }
    }
  return out;
}

/* The pass run as training runs it, twice: into g zeroed, then again with
 * g holding what the first call left (in training, the last step's
 * gradients).  g ends with the second call's gradients, *first holds the
 * first call's, and *stale the gradients whose values changed: those the
 * pass adds onto what g held instead of setting. */
static int
run_twice (struct pass *p, bp_grads *g, bp_grads **first, unsigned *stale,
           bp_error *err)
{
  int status = call_pass (p, g, err);

  *first = NULL;
  *stale = 0;
  if (status)
    return status;
  if ((*first = grads_copy (g)) == NULL)
    return GSL_ENOMEM;
  status = call_pass (p, g, err);
  if (status == 0)
    *stale = differ (*first, g);
  return status;
}

/* Run the pass p (its arguments set) into p->g: twice, with p->first and
 * p->stale (see run_twice), or once.  0, or an error with err's line. */
static int
pass_run (struct pass *p, int twice, bp_error *err)
{
  const bp_net *net = p->net;
  int status;

  p->cache = bp_cache_alloc (p->X->size1, net->H, net->C);
  p->g = bp_grads_alloc (p->X->size1, net->D, net->H, net->C);
  p->res = NULL;
  p->first = NULL;
  status = p->cache && p->g ? bp_net_forward (net, p->X, p->cache)
    : GSL_ENOMEM;
  if (status == 0)
    status = twice ? run_twice (p, p->g, &p->first, &p->stale, err)
      : call_pass (p, p->g, err);
  return status;
}

/* Free what pass_run made; an allocation's failure into err. */
static void
pass_end (struct pass *p, int status, bp_error *err)
{
  if (status == GSL_ENOMEM)
    bp_error_set (err, "out of memory");
  bp_cache_free (p->cache);
  bp_sandbox_result_free (p->res);
  bp_grads_free (p->first);
  bp_grads_free (p->g);
}

/* The entries of gradient id that the first call's values (in first)
 * get wrong, as a new mask, with their count in *nbad; NULL when they
 * cannot be judged. */
static unsigned char *
first_call_bad (const bp_verdict *v, int id, bp_grads *first, size_t *nbad)
{
  const bp_gradcheck_grad *g = &v->check->g[id];
  gsl_matrix_view m = bp_grads_matrix (first, id);
  unsigned char *bad = malloc (g->rows * g->cols);

  if (bad && bp_gradcheck_judge (v->check, g, &m.matrix, bad, nbad))
    {
      free (bad);
      bad = NULL;
    }
  return bad;
}

/* Each root among the stale gradients adds onto what g held: its cause is
 * "accumulates", verified by judging its values from the first call,
 * made with g zero, in place of the second's. */
static void
blame_stale (bp_verdict *v, unsigned stale, bp_grads *first)
{
  for (int id = 0; id < BP_NGRADS; id++)
    {
      bp_gradcheck_grad *g = &v->check->g[id];
      const char *name = bp_grad_name (id);
      size_t n = g->rows * g->cols, wrong = 0, nbad;
      unsigned char *bad;
      char rule[96];

      if (!(stale & (1u << id)) || g->status != BP_STATUS_ROOT
          || g->bad == NULL
          || (bad = first_call_bad (v, id, first, &nbad)) == NULL)
        continue;
      for (size_t i = 0; i < n; i++)
        wrong += g->bad[i] && !bad[i];
      free (bad);
      g->explained = wrong;
      g->exact = nbad == 0;
      snprintf (g->cause, sizeof g->cause, "accumulates");
      snprintf (g->because, sizeof g->because, "%s adds onto what it held "
                "before the call: called again with its last values still "
                "there, as training calls it, it gives other values.  Set %s "
                "to zero first (%s), or assign where it adds.  %s %s%s.  "
                "The rule: %s.", name, name, id == BP_DB1 || id == BP_DB2
                ? "gsl_vector_set_zero" : "gsl_matrix_set_zero",
                nbad == 0 ? "Fixing this makes" : "With this fixed,", name,
                nbad == 0 ? " agree" : " still disagrees: another mistake",
                bp_convention_rule (&v->conv, id, rule, sizeof rule));
    }
}

/* A gradient right on the second call but wrong on the first, with g
 * zero, read a gradient before this call had made it (dp1 from g->dz2,
 * which only the call before had filled): in training it works from the
 * last step's values.  The first such, in backprop order, is a root with
 * the cause "read-early"; those after it inherit its first values. */
static void
blame_read_early (bp_verdict *v, unsigned stale, bp_grads *first)
{
  for (int id = 0; id < BP_NGRADS; id++)
    {
      bp_gradcheck_grad *g = &v->check->g[id];
      const char *name = bp_grad_name (id);
      size_t n = g->rows * g->cols, nbad = 0;
      unsigned char *bad;

      if (!(stale & (1u << id)) || g->status != BP_STATUS_OK
          || (bad = first_call_bad (v, id, first, &nbad)) == NULL)
        continue;
      if (nbad == 0)
        {
          free (bad);
          continue;
        }
      free (g->bad);
      g->bad = bad;
      g->status = BP_STATUS_ROOT;
      g->bad_local = nbad;      /* of the first call's entries */
      g->explained = nbad;
      g->exact = 1;
      snprintf (g->cause, sizeof g->cause, "read-early");
      snprintf (g->because, sizeof g->because, "%s reads a gradient before "
                "this call has made it: right when the call before left it "
                "in g, wrong on a first call (%zu of %zu entries), and in "
                "training it works from the last step's gradients.  Make "
                "what %s reads first, in this call.", name, nbad, n, name);
      return;
    }
}

/* The members of the inputs that the bits of changed name: "cache->prob",
 * and the member's name alone for a cache member (for its line), or "". */
static void
changed_inputs (unsigned changed, char *names, size_t len, char *member,
                size_t mlen)
{
  static const char *const input[] = { "the net's weights", "X", "y",
    "cache->z1", "cache->p1", "cache->z2", "cache->prob" };
  size_t used = 0;

  names[0] = member[0] = '\0';
  for (unsigned k = 0; k < sizeof input / sizeof input[0]; k++)
    if (changed & (1u << k))
      {
        used += snprintf (names + used, used < len ? len - used : 0, "%s%s",
                          used ? ", " : "", input[k]);
        if (member[0] == '\0' && strncmp (input[k], "cache->", 7) == 0)
          snprintf (member, mlen, "%s", input[k] + 7);
      }
}

/* When the sandbox's first call changed the pass's inputs (res->changed),
 * the recorded calls ran on the changed copies, as a second call on the
 * same cache does.  The first root, in backprop order, that a call on the
 * inputs as they were (a cold run) makes right has the cause
 * "changes-input:MEMBER". */
static void
blame_changed_input (bp_verdict *v, struct pass *p)
{
  bp_sandbox_result *cold;
  bp_grads *g0;
  char names[96], member[NAME_LEN];

  if (p->res == NULL || p->res->changed == 0)
    return;
  cold = bp_sandbox_result_alloc (p->X->size1, p->net->D, p->net->H,
                                  p->net->C);
  g0 = bp_grads_alloc (p->X->size1, p->net->D, p->net->H, p->net->C);
  if (cold)
    cold->cold = 1;
  if (cold && g0
      && bp_sandbox_run (p->backward, p->so_path, p->net, p->X, p->y, p->reg,
                         p->cache, g0, p->seconds, cold, NULL) == 0
      && cold->retval == 0)
    for (int id = 0; id < BP_NGRADS; id++)
      {
        bp_gradcheck_grad *g = &v->check->g[id];
        size_t nbad = 0;
        unsigned char *bad;
        if (g->status != BP_STATUS_ROOT)
          continue;
        if ((bad = first_call_bad (v, id, g0, &nbad)) != NULL && nbad == 0)
          {
            changed_inputs (p->res->changed, names, sizeof names, member,
                            sizeof member);
            g->explained = g->bad_local;
            g->exact = 1;
            snprintf (g->cause, sizeof g->cause, "changes-input%s%s",
                      member[0] ? ":" : "", member);
            snprintf (g->because, sizeof g->because, "backward writes into "
                      "its input %s: its first call is right, but a second "
                      "call on the same inputs starts from the changed "
                      "values and gets %s wrong, as anything that reads "
                      "them after backward gets them wrong.  Work on a copy "
                      "(gsl_matrix_memcpy into a gradient or a scratch "
                      "array).", names, bp_grad_name (id));
          }
        free (bad);
        break;
      }
  bp_grads_free (g0);
  bp_sandbox_result_free (cold);
}

/* The value that the poisoned call leaves in entry k of gradient id: far
 * from any gradient, and not a sum or product that a pass could make of
 * the values it is given. */
static double
poison (int id, size_t k)
{
  return 8192.0 + (double) id / 8.0 + (double) (k + 1) / 65536.0;
}

/* One more call, into gradients that hold a poison value in every entry
 * instead of zero: the entries still holding it were never written, and
 * g held zero there only because gradcheck starts it so.  A gradient
 * right with g zero but left unwritten somewhere is a root with the cause
 * "unwritten": in training, where g holds the last step's gradients,
 * those entries keep them (a ReLU mask with no else).  A call that fails
 * leaves the verdict as it was. */
static void
blame_unwritten (bp_verdict *v, struct pass *p)
{
  bp_grads *pg = bp_grads_alloc (p->X->size1, p->net->D, p->net->H,
                                 p->net->C);
  struct pass q = *p;
  unsigned read = 0;

  q.res = NULL;
  for (int id = 0; pg && id < BP_NGRADS; id++)
    {
      gsl_matrix_view m = bp_grads_matrix (pg, id);
      for (size_t k = 0; k < m.matrix.size1 * m.matrix.size2; k++)
        gsl_matrix_set (&m.matrix, k / m.matrix.size2, k % m.matrix.size2,
                        poison (id, k));
    }
  if (pg == NULL || call_pass (&q, pg, NULL) != 0)
    goto done;
  read = differ (p->g, pg);
  for (int id = 0; id < BP_NGRADS; id++)
    {
      bp_gradcheck_grad *g = &v->check->g[id];
      gsl_matrix_view m = bp_grads_matrix (pg, id);
      size_t n = g->rows * g->cols, left = 0, first = 0;
      unsigned char *bad;
      char others[64] = "";

      if (!(pg->present & (1u << id)) || g->status != BP_STATUS_OK
          || m.matrix.size1 * m.matrix.size2 != n
          || (bad = calloc (n, 1)) == NULL)
        continue;
      for (size_t k = 0; k < n; k++)
        if ((bad[k] = gsl_matrix_get (&m.matrix, k / g->cols, k % g->cols)
             == poison (id, k)) && left++ == 0)
          first = k;
      if (left == 0)
        {
          free (bad);
          continue;
        }
      for (int j = id + 1; j < BP_NGRADS; j++)
        if (read & (1u << j))
          {
            size_t used = strlen (others);
            snprintf (others + used, sizeof others - used, "%s%s",
                      used ? ", " : "", bp_grad_name (j));
          }
      free (g->bad);
      g->bad = bad;
      g->status = BP_STATUS_ROOT;
      g->bad_local = left;
      g->explained = left;
      g->exact = 1;
      g->worst = first;
      snprintf (g->cause, sizeof g->cause, "unwritten");
      snprintf (g->because, sizeof g->because, "%s keeps in those "
                "entries what it held before the call: they are right only "
                "because gradcheck starts the gradients at zero.  In "
                "training they keep the last step's values%s%s%s.  Write "
                "every entry, 0 where that is its value (an else to the "
                "if, or set %s to zero first).", bp_grad_name (id),
                others[0] ? ", and " : "", others,
                others[0] ? (strchr (others, ',') ? ", made from them, "
                             "are wrong too" : ", made from them, is wrong "
                             "too") : "", bp_grad_name (id));
    }
done:
  if (q.res != p->res)
    bp_sandbox_result_free (q.res);
  bp_grads_free (pg);
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
  struct pass p = { net, X, y, reg, backward, so_path, seconds, NULL, NULL,
                    NULL, NULL, 0 };
  int status = pass_run (&p, 1, err);

  *out = NULL;
  if (status == 0
      && (*out = bp_verdict_run (net, X, y, reg, p.g, NULL, GSL_NAN, opts,
                                 flags)) == NULL)
    status = GSL_ENOMEM;
  if (status == 0)
    {
      blame_stale (*out, p.stale, p.first);
      blame_read_early (*out, p.stale, p.first);
      blame_changed_input (*out, &p);
      blame_unwritten (*out, &p);
    }
  if (status == 0 && p.res != NULL)
    locate_or_note (*out, p.res);
  pass_end (&p, status, err);
  return status;
}

int
bp_verdict_locate_backward (bp_verdict *v, const bp_net *net,
                            const gsl_matrix *X, const size_t *y, double reg,
                            bp_backward_fn *backward, const char *so_path,
                            double seconds, bp_error *err)
{
  struct pass p = { net, X, y, reg, backward, so_path, seconds, NULL, NULL,
                    NULL, NULL, 0 };
  int status = pass_run (&p, 0, err);

  if (status == 0 && p.res != NULL)
    locate_or_note (v, p.res);
  pass_end (&p, status, err);
  return status;
}
