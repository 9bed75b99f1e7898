/* forward.c -- a student's scores and loss against the network's own
 * forward pass, each mistake named by what reproduces it (see forward.h). */

#include <config.h>

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>

#include "backprop/forward.h"

/* Scores --------------------------------------------------------------- */

/* The ways a forward pass goes wrong, each as the scores it produces from
 * a copy of the net (whose biases it may zero) and the true cache. */
enum scores_hyp {
  S_B1, S_B2, S_BIASES, S_RELU, S_RELU_OUT, S_SOFTMAX, S_NHYP
};

static const struct {
  const char *code, *says;
} scores_hyps[S_NHYP] = {
  { "b1-missing", "the scores are relu(X W1) W2 + b2: b1 was left out of "
    "z1 = X W1 + b1." },
  { "b2-missing", "the scores are p1 W2: b2 was left out of z2 = p1 W2 + b2." },
  { "biases-missing", "the scores are relu(X W1) W2: both biases were left "
    "out." },
  { "relu-missing", "the scores are z1 W2 + b2: the ReLU was left out, "
    "p1 = max(0, z1) must come between the layers." },
  { "relu-on-scores", "the scores are max(0, p1 W2 + b2): a ReLU was applied "
    "to the output layer too; the scores take none." },
  { "softmax", "the scores are softmax(z2), the probabilities: the scores "
    "are z2, before the softmax." },
};

/* Scores of hypothesis h into Z (N, C), using work (a cache of the same
 * batch) and tmp (a net of the same shape). */
static int
hyp_scores (enum scores_hyp h, const bp_net *net, const gsl_matrix *X,
            const bp_cache *cache, bp_net *tmp, bp_cache *work, gsl_matrix *Z)
{
  int status = 0;

  switch (h)
    {
    case S_B1: case S_B2: case S_BIASES:
      bp_net_memcpy (tmp, net);
      if (h != S_B2)
        gsl_vector_set_zero (tmp->b1);
      if (h != S_B1)
        gsl_vector_set_zero (tmp->b2);
      status = bp_net_forward (tmp, X, work);
      gsl_matrix_memcpy (Z, work->z2);
      break;
    case S_RELU:
      status = bp_affine_forward (cache->z1, net->W2, net->b2, Z);
      break;
    case S_RELU_OUT:
      status = bp_relu_forward (cache->z2, Z);
      break;
    default:
      gsl_matrix_memcpy (Z, cache->prob);
    }
  return status;
}

static int
close_to (double a, double b, double rtol)
{
  return fabs (a - b) <= rtol * fmax (1.0, fmax (fabs (a), fabs (b)));
}

/* Do scores S equal Z entrywise within rtol? */
static int
same (const gsl_matrix *S, const gsl_matrix *Z, double rtol)
{
  for (size_t i = 0; i < S->size1; i++)
    for (size_t j = 0; j < S->size2; j++)
      if (!close_to (gsl_matrix_get (S, i, j), gsl_matrix_get (Z, i, j), rtol))
        return 0;
  return 1;
}

/* Name the mistake behind wrong scores, or say it is unknown. */
static int
explain_scores (const bp_net *net, const gsl_matrix *X, const bp_cache *cache,
                const gsl_matrix *S, double rtol, bp_forward_check *out)
{
  bp_net *tmp = bp_net_alloc (net->D, net->H, net->C);
  bp_cache *work = bp_cache_alloc (cache->N, net->H, net->C);
  gsl_matrix *Z = gsl_matrix_alloc (cache->N, net->C);
  int status = tmp && work && Z ? 0 : GSL_ENOMEM;

  snprintf (out->scores_cause, sizeof out->scores_cause, "unknown");
  snprintf (out->scores_because, sizeof out->scores_because,
            "the scores match none of the usual forward-pass mistakes; "
            "the rule: z2 = relu(X W1 + b1) W2 + b2.");
  for (int h = 0; h < S_NHYP && status == 0; h++)
    {
      status = hyp_scores (h, net, X, cache, tmp, work, Z);
      if (status == 0 && same (S, Z, rtol))
        {
          snprintf (out->scores_cause, sizeof out->scores_cause, "%s",
                    scores_hyps[h].code);
          snprintf (out->scores_because, sizeof out->scores_because, "%s",
                    scores_hyps[h].says);
          break;
        }
    }
  bp_net_free (tmp);
  bp_cache_free (work);
  gsl_matrix_free (Z);
  return status;
}

static int
check_scores (const bp_net *net, const gsl_matrix *X, const bp_cache *cache,
              const gsl_matrix *S, double rtol, bp_forward_check *out)
{
  int first = 1;

  if (S->size1 != cache->N || S->size2 != net->C)
    GSL_ERROR ("forward check: scores do not fit the batch", GSL_EBADLEN);
  out->scores_err = 0.0;
  for (size_t i = 0; i < S->size1; i++)
    for (size_t j = 0; j < S->size2; j++)
      {
        double a = gsl_matrix_get (S, i, j), z = gsl_matrix_get (cache->z2, i, j);
        double e = fabs (a - z) / fmax (1e-8, fabs (a) + fabs (z));
        out->scores_err = isnan (e) ? GSL_POSINF : fmax (out->scores_err, e);
        if (first && !close_to (a, z, rtol))
          {
            out->row = i;
            out->col = j;
            out->got = a;
            out->want = z;
            first = 0;
          }
      }
  out->scores_ok = first;
  return first ? 0 : explain_scores (net, X, cache, S, rtol, out);
}

/* Loss ----------------------------------------------------------------- */

/* The loss as its parts: the mean cross-entropy, |W1|^2, |W2|^2, and
 * |b1|^2 + |b2|^2. */
struct parts {
  double data, w1, w2, b;
  size_t N;
  double reg;
};

static double
sumsq (const double *x, size_t n)
{
  double s = 0.0;
  for (size_t i = 0; i < n; i++)
    s += x[i] * x[i];
  return s;
}

/* A wrong loss, in the terms of one convention: factors on the data term
 * and on each penalty term.  kb < 0 means "as the convention says". */
struct loss_hyp {
  const char *code;
  double kd, k1, k2;            /* data, |W1|^2, |W2|^2, as multiples of
                                   the convention's own */
  const char *says;
};

static const struct loss_hyp loss_hyps[] = {
  { "penalty-missing", 1, 0, 0, "the loss has no penalty term: the %s "
    "must be added to the data loss." },
  { "W1-twice", 1, 2, 1, "the penalty counts W1 twice: it must be %s, "
    "each weight matrix once." },
  { "W2-twice", 1, 1, 2, "the penalty counts W2 twice: it must be %s, "
    "each weight matrix once." },
  { "W1-only", 1, 1, 0, "the penalty has W1 only: it must be %s." },
  { "W2-only", 1, 0, 1, "the penalty has W2 only: it must be %s." },
  { "penalty-factor:2", 1, 2, 2, "the penalty is twice %s." },
  { "penalty-factor:0.5", 1, 0.5, 0.5, "the penalty is half %s." },
};

static double
hyp_loss (const struct parts *p, const bp_convention *c, double kd,
          double k1, double k2)
{
  double rw = bp_convention_reg_w (c, p->reg), rb = bp_convention_reg_b (c, p->reg);
  return kd * (c->sum ? (double) p->N : 1.0) * p->data
    + rw * (k1 * p->w1 + k2 * p->w2) + rb * p->b;
}

static void
penalty_words (const bp_convention *c, char *buf, size_t len)
{
  snprintf (buf, len, "%sreg (|W1|^2 + |W2|^2%s)",
            c->penalty == 0.5 ? "1/2 " : "", c->biases ? " + |b1|^2 + |b2|^2"
            : "");
}

/* Name the mistake behind a loss that no convention gives. */
static void
explain_loss (const struct parts *p, double rtol, bp_forward_check *out)
{
  size_t nh = sizeof loss_hyps / sizeof loss_hyps[0];
  char pen[80];

  snprintf (out->loss_cause, sizeof out->loss_cause, "unknown");
  snprintf (out->loss_because, sizeof out->loss_because,
            "the loss %.10g is none of the usual losses (the library's "
            "would be %.10g): the data loss is the mean of -log "
            "softmax(z2)[y], and the penalty reg (|W1|^2 + |W2|^2).",
            out->loss, out->want_loss);
  for (int i = 0; i < BP_CONVENTIONS; i++)
    {
      bp_convention c;
      bp_convention_nth (i, &c);
      for (size_t h = 0; h < nh; h++)
        {
          double l = hyp_loss (p, &c, loss_hyps[h].kd, loss_hyps[h].k1,
                               loss_hyps[h].k2);
          if (!close_to (l, out->loss, rtol))
            continue;
          penalty_words (&c, pen, sizeof pen);
          snprintf (out->loss_cause, sizeof out->loss_cause, "%s",
                    loss_hyps[h].code);
          snprintf (out->loss_because, sizeof out->loss_because,
                    loss_hyps[h].says, pen);
          out->conv[0] = c;
          out->nconv = 1;
          out->want_loss = hyp_loss (p, &c, 1, 1, 1);
          return;
        }
    }
}

/* The loss, from the data loss of the student's own scores when they
 * were given (a wrong forward pass is blamed on its own; the loss is
 * judged on what it was computed from). */
static void
check_loss (const bp_net *net, const bp_cache *cache, const size_t *y,
            double reg, const gsl_matrix *scores, double rtol,
            bp_forward_check *out)
{
  struct parts p;
  bp_convention def;

  p.data = scores ? bp_softmax_loss_forward (scores, y, NULL)
    : bp_net_data_loss (cache, y);
  p.w1 = sumsq (net->W1->data, net->D * net->H);
  p.w2 = sumsq (net->W2->data, net->H * net->C);
  p.b = sumsq (net->b1->data, net->H) + sumsq (net->b2->data, net->C);
  p.N = cache->N;
  p.reg = reg;
  out->nconv = bp_convention_infer (out->loss, p.data, net, p.N, reg, rtol,
                                    out->conv, 8);
  out->loss_ok = out->nconv > 0;
  bp_convention_init (&def);
  out->want_loss = hyp_loss (&p, out->nconv ? &out->conv[0] : &def, 1, 1, 1);
  if (!out->loss_ok)
    explain_loss (&p, rtol, out);
}

int
bp_forward_check_run (const bp_net *net, const gsl_matrix *X, const size_t *y,
                      double reg, const gsl_matrix *scores, double loss,
                      double rtol, bp_forward_check *out)
{
  bp_cache *cache = bp_cache_alloc (X->size1, net->H, net->C);
  int status = cache ? bp_net_forward (net, X, cache) : GSL_ENOMEM;

  memset (out, 0, sizeof *out);
  out->scores_ok = out->loss_ok = 1;
  out->has_scores = scores != NULL;
  out->has_loss = !isnan (loss);
  out->loss = loss;
  strcpy (out->scores_cause, "-");
  strcpy (out->loss_cause, "-");
  if (status == 0 && scores)
    status = check_scores (net, X, cache, scores, rtol, out);
  if (status == 0 && out->has_loss)
    check_loss (net, cache, y, reg, scores, rtol, out);
  bp_cache_free (cache);
  return status;
}
