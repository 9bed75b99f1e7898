/* convention.c -- the losses that students' code differentiates (see
 * convention.h). */

#include <config.h>

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>

#include "backprop/backward.h"
#include "backprop/convention.h"

void
bp_convention_init (bp_convention *c)
{
  c->penalty = 1.0;
  c->biases = 0;
  c->sum = 0;
}

void
bp_convention_nth (int i, bp_convention *c)
{
  c->sum = (i >> 2) & 1;
  c->penalty = (i >> 1) & 1 ? 0.5 : 1.0;
  c->biases = i & 1;
}

const char *
bp_convention_name (const bp_convention *c, char *buf)
{
  snprintf (buf, BP_CONVENTION_NAME_MAX, "%s%s%s", c->sum ? "sum-" : "",
            c->penalty == 0.5 ? "half" : "reg", c->biases ? "+bias" : "");
  return buf;
}

int
bp_convention_parse (const char *s, bp_convention *c)
{
  bp_convention t;
  char buf[BP_CONVENTION_NAME_MAX];

  for (int i = 0; i < BP_CONVENTIONS; i++)
    {
      bp_convention_nth (i, &t);
      if (strcmp (s, bp_convention_name (&t, buf)) == 0)
        {
          *c = t;
          return 0;
        }
    }
  return GSL_EINVAL;
}

const char *
bp_convention_describe (const bp_convention *c, char *buf, size_t len)
{
  snprintf (buf, len, "%s cross-entropy + %sreg (|W1|^2 + |W2|^2%s)",
            c->sum ? "sum of the" : "mean", c->penalty == 0.5 ? "1/2 " : "",
            c->biases ? " + |b1|^2 + |b2|^2" : "");
  return buf;
}

double
bp_convention_sample_weight (const bp_convention *c, size_t N)
{
  return c->sum ? 1.0 : 1.0 / (double) N;
}

double
bp_convention_reg_w (const bp_convention *c, double reg)
{
  return c->penalty * reg;
}

double
bp_convention_reg_b (const bp_convention *c, double reg)
{
  return c->biases ? c->penalty * reg : 0.0;
}

static double
sumsq (const gsl_vector *v)
{
  double s;
  gsl_blas_ddot (v, v, &s);
  return s;
}

/* The parts of every convention's loss: the mean cross-entropy, |W|^2
 * and |b|^2. */
static void
parts (const bp_net *net, const bp_cache *cache, const size_t *y,
       double *data, double *w2, double *b2)
{
  *data = bp_net_data_loss (cache, y);
  *w2 = bp_net_reg_loss (net, 1.0);
  *b2 = sumsq (net->b1) + sumsq (net->b2);
}

static double
combine (const bp_convention *c, size_t N, double reg, double data,
         double w2, double b2)
{
  return (c->sum ? (double) N * data : data)
    + bp_convention_reg_w (c, reg) * w2 + bp_convention_reg_b (c, reg) * b2;
}

double
bp_convention_loss (const bp_convention *c, const bp_net *net,
                    const bp_cache *cache, const size_t *y, double reg)
{
  double data, w2, b2;
  parts (net, cache, y, &data, &w2, &b2);
  return combine (c, cache->N, reg, data, w2, b2);
}

int
bp_convention_backward (const bp_convention *c, const bp_net *net,
                        const gsl_matrix *X, const size_t *y, double reg,
                        const bp_cache *cache, bp_grads *g)
{
  /* The data gradients with no penalty, scaled by N for a sum; then the
   * penalty's gradients, 2 a reg W (and 2 a reg b). */
  double rw = bp_convention_reg_w (c, reg), rb = bp_convention_reg_b (c, reg);
  int status = bp_net_backward (net, X, y, 0.0, cache, g);

  if (status == 0 && c->sum)
    {
      double n = (double) cache->N;
      gsl_matrix_scale (g->dz2, n);
      gsl_matrix_scale (g->dp1, n);
      gsl_matrix_scale (g->dz1, n);
      gsl_vector_scale (g->dtheta, n);
    }
  if (status == 0)
    status = bp_l2_backward (net->W1, rw, g->dW1);
  if (status == 0)
    status = bp_l2_backward (net->W2, rw, g->dW2);
  if (status == 0 && rb != 0.0)
    {
      gsl_blas_daxpy (2.0 * rb, net->b1, g->db1);
      gsl_blas_daxpy (2.0 * rb, net->b2, g->db2);
    }
  return status;
}

const char *
bp_convention_rule (const bp_convention *c, enum bp_grad_id id, char *buf,
                    size_t len)
{
  const char *pen = c->penalty == 0.5 ? "reg" : "2 reg";
  switch (id)
    {
    case BP_DZ2:
      snprintf (buf, len, "%s", c->sum ? "dz2 = softmax(z2) - onehot(y)"
                : bp_backward_rule (id));
      break;
    case BP_DW2: case BP_DW1:
      snprintf (buf, len, "%s = %s' %s + %s %s", bp_grad_name (id),
                id == BP_DW2 ? "p1" : "X", id == BP_DW2 ? "dz2" : "dz1",
                pen, id == BP_DW2 ? "W2" : "W1");
      break;
    case BP_DB2: case BP_DB1:
      if (c->biases)
        snprintf (buf, len, "%s = column sums of %s + %s %s",
                  bp_grad_name (id), id == BP_DB2 ? "dz2" : "dz1", pen,
                  id == BP_DB2 ? "b2" : "b1");
      else
        snprintf (buf, len, "%s", bp_backward_rule (id));
      break;
    default:
      snprintf (buf, len, "%s", bp_backward_rule (id) ? bp_backward_rule (id)
                : "?");
    }
  return buf;
}

size_t
bp_convention_infer (double loss, double data_loss, const bp_net *net,
                     size_t N, double reg, double rtol, bp_convention *out,
                     size_t max)
{
  double w2 = bp_net_reg_loss (net, 1.0);
  double b2 = sumsq (net->b1) + sumsq (net->b2);
  size_t found = 0;

  for (int i = 0; i < BP_CONVENTIONS && found < max; i++)
    {
      bp_convention t;
      double l;
      bp_convention_nth (i, &t);
      l = combine (&t, N, reg, data_loss, w2, b2);
      if (fabs (l - loss) <= rtol * fmax (fabs (l), fabs (loss)))
        out[found++] = t;
    }
  return found;
}
