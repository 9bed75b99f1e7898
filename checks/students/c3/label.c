/* label.c -- confirm the labels of the c3 student set by measurement.
 *
 *   label OUTDIR [LABELS.TSV [SRCDIR]]
 *
 * For every row of LABELS.TSV (default: labels.tsv beside this file, given
 * as the second argument), load OUTDIR/FILE.so (FILE with .c replaced by
 * .so), run its `backward` on several random nets and batches, and measure
 *
 *   global   each gradient against the true gradient, by centred
 *            differences of the loss (h = 1e-5);
 *   local    each gradient against its own rule applied to the student's
 *            own upstream gradient (dz2's rule has no upstream):
 *              dz2 = (softmax(z2) - onehot(y)) / N
 *              dW2 = p1' dz2 + 2 reg W2     db2 = column sums of dz2
 *              dp1 = dz2 W2'                dz1 = dp1 * [z1 > 0]
 *              dW1 = X' dz1 + 2 reg W1      db1 = column sums of dz1
 *
 * Each net is run twice in a row: first with every gradient buffer filled
 * with garbage, then again with the first call's results left in g.  An
 * entry is wrong when |a - b| > 1e-6 (|a| + |b|) + atol (atol 1e-9 against
 * the differences, 1e-12 against the local rule).
 *
 * A file is measured correct when no gradient is wrong globally in any
 * run, and its measured roots are the gradients wrong locally in some run.
 * The label is confirmed when `correct` and `root` agree with that.  The
 * labelled line is printed with its text, for a human to read.
 *
 * This program links GSL and libdl only: the net, cache and gradients are
 * allocated here, following the comments of net.h and grads.h.
 * Exit status 0 when every label is confirmed, 1 otherwise. */

#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

#define RTOL 1e-6
#define ATOL_FD 1e-9
#define ATOL_LOCAL 1e-12
#define FD_H 1e-5
#define KINK 1e-3               /* no z1 entry closer than this to 0 */

static const char *const names[BP_NGRADS] =
  { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };

/* ---- allocation, after net.h and grads.h ---- */

static bp_net *
net_alloc (size_t D, size_t H, size_t C)
{
  bp_net *n = calloc (1, sizeof *n);
  double *p;

  n->D = D;
  n->H = H;
  n->C = C;
  n->theta = gsl_vector_calloc (D * H + H + H * C + C);
  p = n->theta->data;
  n->W1_view = gsl_matrix_view_array (p, D, H);
  n->b1_view = gsl_vector_view_array (p + D * H, H);
  n->W2_view = gsl_matrix_view_array (p + D * H + H, H, C);
  n->b2_view = gsl_vector_view_array (p + D * H + H + H * C, C);
  n->W1 = &n->W1_view.matrix;
  n->b1 = &n->b1_view.vector;
  n->W2 = &n->W2_view.matrix;
  n->b2 = &n->b2_view.vector;
  return n;
}

static void
net_free (bp_net *n)
{
  gsl_vector_free (n->theta);
  free (n);
}

static bp_cache *
cache_alloc (size_t N, size_t H, size_t C)
{
  bp_cache *c = calloc (1, sizeof *c);
  c->N = N;
  c->H = H;
  c->C = C;
  c->z1 = gsl_matrix_calloc (N, H);
  c->p1 = gsl_matrix_calloc (N, H);
  c->z2 = gsl_matrix_calloc (N, C);
  c->prob = gsl_matrix_calloc (N, C);
  return c;
}

static void
cache_free (bp_cache *c)
{
  gsl_matrix_free (c->z1);
  gsl_matrix_free (c->p1);
  gsl_matrix_free (c->z2);
  gsl_matrix_free (c->prob);
  free (c);
}

static bp_grads *
grads_alloc (size_t N, size_t D, size_t H, size_t C)
{
  bp_grads *g = calloc (1, sizeof *g);
  double *p;

  g->N = N;
  g->D = D;
  g->H = H;
  g->C = C;
  g->dz2 = gsl_matrix_calloc (N, C);
  g->dp1 = gsl_matrix_calloc (N, H);
  g->dz1 = gsl_matrix_calloc (N, H);
  g->dtheta = gsl_vector_calloc (D * H + H + H * C + C);
  p = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (p, D, H);
  g->db1_view = gsl_vector_view_array (p + D * H, H);
  g->dW2_view = gsl_matrix_view_array (p + D * H + H, H, C);
  g->db2_view = gsl_vector_view_array (p + D * H + H + H * C, C);
  g->dW1 = &g->dW1_view.matrix;
  g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix;
  g->db2 = &g->db2_view.vector;
  g->present = BP_GRADS_ALL;
  return g;
}

static void
grads_free (bp_grads *g)
{
  gsl_matrix_free (g->dz2);
  gsl_matrix_free (g->dp1);
  gsl_matrix_free (g->dz1);
  gsl_vector_free (g->dtheta);
  free (g);
}

/* gradient id as a flat array of n doubles (contiguous in both) */
static double *
grad_data (bp_grads *g, int id, size_t *n)
{
  switch (id)
    {
    case BP_DZ2: *n = g->N * g->C; return g->dz2->data;
    case BP_DW2: *n = g->H * g->C; return g->dW2->data;
    case BP_DB2: *n = g->C; return g->db2->data;
    case BP_DP1: *n = g->N * g->H; return g->dp1->data;
    case BP_DZ1: *n = g->N * g->H; return g->dz1->data;
    case BP_DW1: *n = g->D * g->H; return g->dW1->data;
    default: *n = g->H; return g->db1->data;
    }
}

/* ---- the forward pass and the loss, from z1, p1, z2 or the parameters ---- */

struct problem
{
  size_t N, D, H, C;
  double reg;
  bp_net *net;
  gsl_matrix *X;
  size_t *y;
  bp_cache *cache;
};

/* mean cross-entropy of scores z2 (N x C); prob filled when not NULL */
static double
data_loss_z2 (const struct problem *pb, const double *z2, double *prob)
{
  size_t N = pb->N, C = pb->C, n, c;
  double L = 0;

  for (n = 0; n < N; n++)
    {
      const double *r = z2 + n * C;
      double m = r[0], s = 0, lse;
      for (c = 1; c < C; c++)
        if (r[c] > m)
          m = r[c];
      for (c = 0; c < C; c++)
        s += exp (r[c] - m);
      lse = m + log (s);
      L += lse - r[pb->y[n]];
      if (prob)
        for (c = 0; c < C; c++)
          prob[n * C + c] = exp (r[c] - lse);
    }
  return L / N;
}

static double
data_loss_p1 (const struct problem *pb, const double *p1, const double *W2,
              const double *b2, double *z2, double *prob)
{
  size_t N = pb->N, H = pb->H, C = pb->C, n, h, c;

  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      {
        double s = b2[c];
        for (h = 0; h < H; h++)
          s += p1[n * H + h] * W2[h * C + c];
        z2[n * C + c] = s;
      }
  return data_loss_z2 (pb, z2, prob);
}

static double
data_loss_z1 (const struct problem *pb, const double *z1, const double *W2,
              const double *b2, double *p1, double *z2, double *prob)
{
  size_t k, NH = pb->N * pb->H;
  for (k = 0; k < NH; k++)
    p1[k] = z1[k] > 0 ? z1[k] : 0;
  return data_loss_p1 (pb, p1, W2, b2, z2, prob);
}

/* the full loss at parameters theta (laid out as bp_net.theta) */
static double
loss_theta (const struct problem *pb, const double *theta, double *z1,
            double *p1, double *z2)
{
  size_t N = pb->N, D = pb->D, H = pb->H, C = pb->C, n, d, h, k;
  const double *W1 = theta, *b1 = theta + D * H;
  const double *W2 = b1 + H, *b2 = W2 + H * C;
  const double *X = pb->X->data;
  double r = 0;

  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double s = b1[h];
        for (d = 0; d < D; d++)
          s += X[n * D + d] * W1[d * H + h];
        z1[n * H + h] = s;
      }
  for (k = 0; k < D * H; k++)
    r += W1[k] * W1[k];
  for (k = 0; k < H * C; k++)
    r += W2[k] * W2[k];
  return data_loss_z1 (pb, z1, W2, b2, p1, z2, NULL) + pb->reg * r;
}

static struct problem *
problem_new (size_t D, size_t H, size_t C, size_t N, unsigned long seed,
             double reg)
{
  struct problem *pb = calloc (1, sizeof *pb);
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  size_t n, d, h, c, k, tries = 0;

  gsl_rng_set (rng, seed);
  pb->N = N;
  pb->D = D;
  pb->H = H;
  pb->C = C;
  pb->reg = reg;
  pb->net = net_alloc (D, H, C);
  pb->X = gsl_matrix_alloc (N, D);
  pb->y = malloc (N * sizeof *pb->y);
  pb->cache = cache_alloc (N, H, C);

  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (pb->net->W1, d, h, gsl_ran_gaussian (rng, 1.0 / sqrt (D)));
  for (h = 0; h < H; h++)
    gsl_vector_set (pb->net->b1, h, gsl_ran_gaussian (rng, 0.3));
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (pb->net->W2, h, c, gsl_ran_gaussian (rng, 1.0 / sqrt (H)));
  for (c = 0; c < C; c++)
    gsl_vector_set (pb->net->b2, c, gsl_ran_gaussian (rng, 0.3));

  /* draw each sample until no hidden unit sits near the ReLU kink */
  for (n = 0; n < N; n++)
    {
      int ok;
      do
        {
          ok = 1;
          for (d = 0; d < D; d++)
            gsl_matrix_set (pb->X, n, d, gsl_ran_gaussian (rng, 1.0));
          for (h = 0; h < H; h++)
            {
              double s = gsl_vector_get (pb->net->b1, h);
              for (d = 0; d < D; d++)
                s += gsl_matrix_get (pb->X, n, d) * gsl_matrix_get (pb->net->W1, d, h);
              if (fabs (s) < KINK)
                ok = 0;
            }
          if (++tries > 100000)
            abort ();
        }
      while (!ok);
      pb->y[n] = gsl_rng_uniform_int (rng, C);
    }
  /* make sure every class shows up when N >= C, and not only one */
  if (N >= C)
    for (c = 0; c < C; c++)
      pb->y[(c + seed) % N] = c;

  loss_theta (pb, pb->net->theta->data, pb->cache->z1->data,
              pb->cache->p1->data, pb->cache->z2->data);
  data_loss_z2 (pb, pb->cache->z2->data, pb->cache->prob->data);
  for (k = 0; k < N * H; k++)
    if (fabs (pb->cache->z1->data[k]) < KINK)
      abort ();
  gsl_rng_free (rng);
  return pb;
}

static void
problem_free (struct problem *pb)
{
  net_free (pb->net);
  gsl_matrix_free (pb->X);
  free (pb->y);
  cache_free (pb->cache);
  free (pb);
}

/* ---- the true gradients, by centred differences ---- */

static void
true_grads (const struct problem *pb, bp_grads *t)
{
  size_t N = pb->N, D = pb->D, H = pb->H, C = pb->C, k, P;
  const double *W2 = pb->net->W2->data, *b2 = pb->net->b2->data;
  double *th, *z1 = malloc (N * H * sizeof *z1), *p1 = malloc (N * H * sizeof *p1);
  double *z2 = malloc (N * C * sizeof *z2), *w = malloc (N * H * sizeof *w);

  /* dz2 */
  memcpy (z2, pb->cache->z2->data, N * C * sizeof *z2);
  for (k = 0; k < N * C; k++)
    {
      double v = z2[k], lp, lm;
      z2[k] = v + FD_H;
      lp = data_loss_z2 (pb, z2, NULL);
      z2[k] = v - FD_H;
      lm = data_loss_z2 (pb, z2, NULL);
      z2[k] = v;
      t->dz2->data[k] = (lp - lm) / (2 * FD_H);
    }
  /* dp1 */
  memcpy (w, pb->cache->p1->data, N * H * sizeof *w);
  for (k = 0; k < N * H; k++)
    {
      double v = w[k], lp, lm;
      w[k] = v + FD_H;
      lp = data_loss_p1 (pb, w, W2, b2, z2, NULL);
      w[k] = v - FD_H;
      lm = data_loss_p1 (pb, w, W2, b2, z2, NULL);
      w[k] = v;
      t->dp1->data[k] = (lp - lm) / (2 * FD_H);
    }
  /* dz1 */
  memcpy (w, pb->cache->z1->data, N * H * sizeof *w);
  for (k = 0; k < N * H; k++)
    {
      double v = w[k], lp, lm;
      w[k] = v + FD_H;
      lp = data_loss_z1 (pb, w, W2, b2, p1, z2, NULL);
      w[k] = v - FD_H;
      lm = data_loss_z1 (pb, w, W2, b2, p1, z2, NULL);
      w[k] = v;
      t->dz1->data[k] = (lp - lm) / (2 * FD_H);
    }
  /* the parameters */
  P = D * H + H + H * C + C;
  th = malloc (P * sizeof *th);
  memcpy (th, pb->net->theta->data, P * sizeof *th);
  for (k = 0; k < P; k++)
    {
      double v = th[k], lp, lm;
      th[k] = v + FD_H;
      lp = loss_theta (pb, th, z1, p1, z2);
      th[k] = v - FD_H;
      lm = loss_theta (pb, th, z1, p1, z2);
      th[k] = v;
      t->dtheta->data[k] = (lp - lm) / (2 * FD_H);
    }
  free (th);
  free (z1);
  free (p1);
  free (z2);
  free (w);
}

/* ---- the local rules, applied to the student's upstream ---- */

static void
local_grads (const struct problem *pb, const bp_grads *s, bp_grads *l)
{
  size_t N = pb->N, D = pb->D, H = pb->H, C = pb->C, n, d, h, c;
  const gsl_matrix *X = pb->X, *z1 = pb->cache->z1, *p1 = pb->cache->p1;
  const gsl_matrix *prob = pb->cache->prob;
  const gsl_matrix *W1 = pb->net->W1, *W2 = pb->net->W2;
  double r = pb->reg;

  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (l->dz2, n, c,
                      (gsl_matrix_get (prob, n, c) - (c == pb->y[n])) / (double) N);
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        double a = 0;
        for (n = 0; n < N; n++)
          a += gsl_matrix_get (p1, n, h) * gsl_matrix_get (s->dz2, n, c);
        gsl_matrix_set (l->dW2, h, c, a + 2 * r * gsl_matrix_get (W2, h, c));
      }
  for (c = 0; c < C; c++)
    {
      double a = 0;
      for (n = 0; n < N; n++)
        a += gsl_matrix_get (s->dz2, n, c);
      gsl_vector_set (l->db2, c, a);
    }
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double a = 0;
        for (c = 0; c < C; c++)
          a += gsl_matrix_get (s->dz2, n, c) * gsl_matrix_get (W2, h, c);
        gsl_matrix_set (l->dp1, n, h, a);
        gsl_matrix_set (l->dz1, n, h, gsl_matrix_get (z1, n, h) > 0
                        ? gsl_matrix_get (s->dp1, n, h) : 0.0);
      }
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double a = 0;
        for (n = 0; n < N; n++)
          a += gsl_matrix_get (X, n, d) * gsl_matrix_get (s->dz1, n, h);
        gsl_matrix_set (l->dW1, d, h, a + 2 * r * gsl_matrix_get (W1, d, h));
      }
  for (h = 0; h < H; h++)
    {
      double a = 0;
      for (n = 0; n < N; n++)
        a += gsl_matrix_get (s->dz1, n, h);
      gsl_vector_set (l->db1, h, a);
    }
}

/* largest |a - b| / (|a| + |b|) over entries where the tolerance fails;
   0 when all pass.  Also returns through *worst the largest such ratio of
   all entries, for the record. */
static int
compare (const double *a, const double *b, size_t n, double atol,
         double *worst)
{
  size_t k;
  int bad = 0;
  for (k = 0; k < n; k++)
    {
      double e = fabs (a[k] - b[k]), m = fabs (a[k]) + fabs (b[k]);
      double rel = m > 0 ? e / m : 0;
      if (!(e <= RTOL * m + atol))     /* NaN counts as wrong */
        {
          bad = 1;
          if (!(rel <= *worst))
            *worst = isnan (rel) ? INFINITY : rel;
        }
    }
  return bad;
}

/* ---- one student ---- */

struct config
{
  size_t D, H, C, N;
  unsigned long seed;
  double reg;
};

static const struct config configs[] = {
  { 5, 10, 3, 7, 1, 0.05 }, { 5, 10, 3, 7, 2, 0.3 }, { 5, 10, 3, 7, 3, 0.05 },
  { 4, 6, 3, 5, 1, 0.05 }, { 4, 6, 3, 5, 2, 0.3 }, { 4, 6, 3, 5, 3, 0.05 },
  { 6, 8, 4, 9, 4, 0.1 }, { 3, 7, 2, 4, 5, 0.05 }, { 5, 10, 3, 7, 6, 0.0 },
};
#define NCONFIGS (sizeof configs / sizeof configs[0])

struct result
{
  unsigned local, global;       /* bit id: wrong locally / globally */
  double lworst[BP_NGRADS], gworst[BP_NGRADS];
  int status;                   /* 0 ok; 1 returned nonzero; 2 present bits */
};

static void
run_student (const char *so, struct result *res)
{
  void *h = dlopen (so, RTLD_NOW);
  bp_backward_fn *fn;
  size_t i;

  memset (res, 0, sizeof *res);
  if (!h)
    {
      fprintf (stderr, "label: %s\n", dlerror ());
      exit (3);
    }
  *(void **) (&fn) = dlsym (h, "backward");
  if (!fn)
    {
      fprintf (stderr, "label: %s: no symbol backward\n", so);
      exit (3);
    }

  for (i = 0; i < NCONFIGS; i++)
    {
      const struct config *cf = &configs[i];
      struct problem *pb = problem_new (cf->D, cf->H, cf->C, cf->N,
                                        cf->seed, cf->reg);
      bp_grads *g = grads_alloc (cf->N, cf->D, cf->H, cf->C);
      bp_grads *t = grads_alloc (cf->N, cf->D, cf->H, cf->C);
      bp_grads *l = grads_alloc (cf->N, cf->D, cf->H, cf->C);
      gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
      int call, id;
      size_t k, n;

      true_grads (pb, t);
      gsl_rng_set (rng, 1000 + i);
      for (id = 0; id < BP_NGRADS; id++)
        {
          double *p = grad_data (g, id, &n);
          for (k = 0; k < n; k++)
            p[k] = gsl_ran_flat (rng, -1e3, 1e3);
        }
      g->present = 0;

      for (call = 0; call < 2; call++)
        {
          if (fn (pb->net, pb->X, pb->y, cf->reg, pb->cache, g) != 0)
            res->status = 1;
          if (g->present != BP_GRADS_ALL)
            res->status = 2;
          local_grads (pb, g, l);
          for (id = 0; id < BP_NGRADS; id++)
            {
              size_t n1, n2, n3;
              double *a = grad_data (g, id, &n1);
              double *b = grad_data (t, id, &n2);
              double *c = grad_data (l, id, &n3);
              if (compare (a, b, n1, ATOL_FD, &res->gworst[id]))
                res->global |= 1u << id;
              if (compare (a, c, n1, ATOL_LOCAL, &res->lworst[id]))
                res->local |= 1u << id;
            }
        }

      /* sanity: the local rules at the true upstream are the true gradients */
      local_grads (pb, t, l);
      for (id = 0; id < BP_NGRADS; id++)
        {
          size_t n1, n2;
          double *a = grad_data (l, id, &n1), *b = grad_data (t, id, &n2);
          double w = 0;
          if (compare (a, b, n1, ATOL_FD, &w))
            {
              fprintf (stderr, "label: internal: %s rule and differences "
                       "disagree (%g) at config %zu\n", names[id], w, i);
              exit (4);
            }
        }

      gsl_rng_free (rng);
      grads_free (g);
      grads_free (t);
      grads_free (l);
      problem_free (pb);
    }
}

/* ---- labels ---- */

static unsigned
parse_roots (const char *s)
{
  unsigned m = 0;
  char buf[256], *tok, *save;

  if (strcmp (s, "-") == 0)
    return 0;
  snprintf (buf, sizeof buf, "%s", s);
  for (tok = strtok_r (buf, ",", &save); tok; tok = strtok_r (NULL, ",", &save))
    {
      int id;
      for (id = 0; id < BP_NGRADS; id++)
        if (strcmp (tok, names[id]) == 0)
          break;
      if (id == BP_NGRADS)
        {
          fprintf (stderr, "label: unknown gradient '%s'\n", tok);
          exit (3);
        }
      m |= 1u << id;
    }
  return m;
}

static void
print_mask (unsigned m)
{
  int id, first = 1;
  if (!m)
    fputs ("-", stdout);
  for (id = 0; id < BP_NGRADS; id++)
    if (m & (1u << id))
      {
        printf ("%s%s", first ? "" : ",", names[id]);
        first = 0;
      }
}

static void
print_source_line (const char *srcdir, const char *file, const char *lines)
{
  char path[4096], buf[4096], lb[64], *tok, *save;

  snprintf (lb, sizeof lb, "%s", lines);
  for (tok = strtok_r (lb, ",", &save); tok; tok = strtok_r (NULL, ",", &save))
    {
      long want = atol (tok), ln = 0;
      FILE *f;
      if (want <= 0)
        continue;
      snprintf (path, sizeof path, "%s/%s", srcdir, file);
      f = fopen (path, "r");
      if (!f)
        continue;
      while (fgets (buf, sizeof buf, f))
        if (++ln == want)
          {
            char *p = buf;
            while (*p == ' ')
              p++;
            printf ("    %s:%ld: %s", file, want, p);
            break;
          }
      fclose (f);
    }
}

int
main (int argc, char **argv)
{
  const char *outdir, *labels, *srcdir;
  char line[4096];
  FILE *f;
  int bad = 0, rows = 0;

  if (argc < 2)
    {
      fprintf (stderr, "usage: label OUTDIR [LABELS.TSV [SRCDIR]]\n");
      return 3;
    }
  outdir = argv[1];
  labels = argc > 2 ? argv[2] : "labels.tsv";
  srcdir = argc > 3 ? argv[3] : ".";
  f = fopen (labels, "r");
  if (!f)
    {
      fprintf (stderr, "label: %s: %s\n", labels, strerror (errno));
      return 3;
    }

  while (fgets (line, sizeof line, f))
    {
      char *file, *correct, *root, *lno, *save, so[4096], *dot;
      struct result res;
      int pfd[2], st, id, ok;
      pid_t pid;
      unsigned want;

      line[strcspn (line, "\n")] = 0;
      if (strncmp (line, "file\t", 5) == 0 || !*line)
        continue;
      file = strtok_r (line, "\t", &save);
      correct = strtok_r (NULL, "\t", &save);
      root = strtok_r (NULL, "\t", &save);
      lno = strtok_r (NULL, "\t", &save);
      if (!file || !correct || !root || !lno)
        {
          fprintf (stderr, "label: bad row\n");
          return 3;
        }
      snprintf (so, sizeof so, "%s/%s", outdir, file);
      dot = strrchr (so, '.');
      if (dot)
        strcpy (dot, ".so");

      /* the student runs in a child: a crash is a finding, not our end */
      if (pipe (pfd) != 0)
        return 3;
      fflush (stdout);
      pid = fork ();
      if (pid == 0)
        {
          close (pfd[0]);
          run_student (so, &res);
          if (write (pfd[1], &res, sizeof res) != (ssize_t) sizeof res)
            _exit (3);
          _exit (0);
        }
      close (pfd[1]);
      memset (&res, 0, sizeof res);
      st = read (pfd[0], &res, sizeof res) == (ssize_t) sizeof res;
      close (pfd[0]);
      {
        int wst;
        waitpid (pid, &wst, 0);
        if (!st || !WIFEXITED (wst) || WEXITSTATUS (wst) != 0)
          {
            printf ("%-20s CRASHED or failed (status %d)\n", file, wst);
            bad = 1;
            rows++;
            continue;
          }
      }

      want = parse_roots (root);
      ok = res.status == 0
        && ((strcmp (correct, "yes") == 0) == (res.global == 0))
        && want == res.local
        && (strcmp (correct, "yes") != 0 || res.local == 0);
      printf ("%-20s %s  label correct=%s root=%s line=%s  measured correct=%s root=",
              file, ok ? "CONFIRMED" : "MISMATCH ", correct, root, lno,
              res.global == 0 ? "yes" : "no");
      print_mask (res.local);
      printf (" wrong=");
      print_mask (res.global);
      if (res.status)
        printf (" status=%d", res.status);
      printf ("\n");
      for (id = 0; id < BP_NGRADS; id++)
        if ((res.local | res.global) & (1u << id))
          printf ("    %-3s local err %.1e  global err %.1e\n", names[id],
                  res.lworst[id], res.gworst[id]);
      print_source_line (srcdir, file, lno);
      if (!ok)
        bad = 1;
      rows++;
    }
  fclose (f);
  printf ("%d files, %s\n", rows, bad ? "SOME LABELS NOT CONFIRMED" : "all labels confirmed");
  return bad;
}
